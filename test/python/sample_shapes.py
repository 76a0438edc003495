"""Sample-shaped test objects: the fields of slime's Sample without importing slime, which the tap must not
require. Follows slime/utils/types.py at THUDM/slime 624b824a898ab0ec1fcb4d373004c7f3852bf515 (reference/slime.md 3):
same field names, order and defaults; tensors are plain lists here."""

import argparse
import enum
from dataclasses import dataclass, field
from typing import Any


class Status(enum.Enum):
    PENDING = "pending"
    COMPLETED = "completed"
    TRUNCATED = "truncated"
    ABORTED = "aborted"
    FAILED = "failed"


@dataclass
class SpecInfo:
    spec_accept_token_num: int = 0
    spec_draft_token_num: int = 0
    spec_verify_ct: int = 0
    completion_token_num: int = 0


@dataclass
class PrefixCacheInfo:
    cached_tokens: int = 0
    total_prompt_tokens: int = 0


@dataclass
class Sample:
    group_index: Any = None
    index: Any = None
    rollout_id: Any = None
    prompt: Any = ""
    tokens: list = field(default_factory=list)
    multimodal_inputs: Any = None
    multimodal_train_inputs: Any = None
    multimodal_train_input_id: Any = None
    apply_chat_template_kwargs: dict = field(default_factory=dict)
    response: str = ""
    response_length: int = 0
    label: Any = None
    reward: Any = None
    loss_mask: Any = None
    weight_versions: list = field(default_factory=list)
    rollout_log_probs: Any = None
    rollout_top_p_token_ids: Any = None
    rollout_top_p_token_offsets: Any = None
    rollout_routed_experts: Any = None
    remove_sample: bool = False
    teacher_log_probs: Any = None
    status: Any = Status.PENDING
    metadata: dict = field(default_factory=dict)
    generate_function_path: Any = None
    custom_rm_path: Any = None
    train_metadata: Any = None
    session_id: Any = None
    non_generation_time: float = 0.0
    spec_info: SpecInfo = field(default_factory=SpecInfo)
    prefix_cache_info: PrefixCacheInfo = field(default_factory=PrefixCacheInfo)

    # slime nests these in Sample (Sample.Status.COMPLETED).
    Status = Status
    SpecInfo = SpecInfo
    PrefixCacheInfo = PrefixCacheInfo


def args(**overrides):
    values = {"n_samples_per_prompt": 2, "reward_key": None, "hf_checkpoint": None}
    values.update(overrides)
    return argparse.Namespace(**values)


TOOL_CALL = '<tool_call>\n{"name": "get_user_details", "arguments": {"user_id": "mia_li_3668"}}\n</tool_call>'


def recipe_sample(group_index, index, reward, status=Status.COMPLETED):
    """A tau2-recipe sample: whole chat in `prompt`, tool results as "Tool result for" user messages."""
    prompt = [
        {"role": "system", "content": "You are an airline agent."},
        {"role": "user", "content": "Cancel EHGLP3 please."},
        {"role": "assistant", "content": TOOL_CALL},
        {"role": "user", "content": "Tool result for get_user_details(user_id='mia_li_3668'):\n{\"id\": 1}"},
        {"role": "assistant", "content": '<tool_call>\n{"name": "done", "arguments": {}}\n</tool_call>'},
    ]
    return Sample(
        group_index=group_index,
        index=index,
        prompt=prompt,
        tokens=list(range(30)),
        response="\n\n".join(m["content"] for m in prompt if m["role"] == "assistant"),
        response_length=20,
        reward=reward,
        loss_mask=[1] * 8 + [0] * 6 + [1] * 6,
        status=status,
        metadata={
            "domain": "airline",
            "task_id": "7",
            "raw_reward": reward,
            "shaped_reward": reward + 0.25 * 0.5,
            "partial_score": 0.5,
            "partial_components": {"action": 0.5, "communicate": 0.5},
            "reward_info": {"reward": reward, "reward_basis": ["DB", "COMMUNICATE"]},
            "tools": [{"type": "function", "function": {"name": "get_user_details", "parameters": {}}}],
        },
    )
