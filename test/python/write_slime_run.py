"""Writes a tap record stream of one default slime rollout, driven in slime's call order (slime_rollout.py):
the sample hook sees each sample before the reward model scores it, the log function gets them rewarded.

    python3 write_slime_run.py <out.jsonl>

5 prompts × 3 samples; groups 0 and 1 succeed (reward 1), the rest fail: 6 of 15.
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "media", "tap"))
sys.path.insert(0, HERE)

import rollout_studio_tap  # noqa: E402
from sample_shapes import Status, args  # noqa: E402
from slime_rollout import RolloutManager  # noqa: E402


async def generate(run_args, sample):
    sample.response = f"answer to {sample.prompt}"
    sample.status = Status.COMPLETED
    sample.metadata = {"task_id": str(sample.group_index)}
    return sample


async def reward_model(run_args, sample):
    return 1.0 if sample.group_index in (0, 1) else 0.0


def main(out):
    os.environ["ROLLOUT_STUDIO_TAP_OUT"] = out
    rollout_studio_tap._TAP = rollout_studio_tap.Tap(clock=lambda: 1767225600.0)
    run_args = args(
        n_samples_per_prompt=3,
        rollout_sample_hook_path=["rollout_studio_tap.sample_hook"],
        custom_rollout_log_function_path="rollout_studio_tap.log_rollout",
        custom_eval_rollout_log_function_path=None,
    )
    RolloutManager(run_args, [f"task {g}" for g in range(5)], generate, reward_model).generate(0)


if __name__ == "__main__":
    main(sys.argv[1])
