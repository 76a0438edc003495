"""Stand-in for the part of slime that calls the tap, in slime's own order (test double; lives only under test/).

Follows THUDM/slime 624b824a898ab0ec1fcb4d373004c7f3852bf515:
- slime/rollout/sglang_rollout.py `generate_and_rm`: generate, then the sample hooks
  (slime/rollout/sample_hooks.py `apply_rollout_sample_hooks`, rollout id from `set_current_rollout_id`,
  only the keyword arguments a hook accepts), then the reward model for samples without a reward and not
  aborted;
- slime/ray/rollout.py `RolloutManager.generate` / `.eval`: set the rollout id, generate the whole rollout
  (dynamic sampling filters drop whole groups), then slime/observability/rollout_metrics.py
  `log_rollout_data` / `log_eval_rollout_data` call the custom log functions with the rewarded samples;
- the eval data handed to the eval log function: {name: {"rewards", "truncated", "samples"}}.
Functions are named by dotted paths, as slime's load_function takes them.
"""

import asyncio
import importlib
import inspect

from sample_shapes import Sample

_current_rollout_id = None


def load_function(path):
    module, _, name = path.rpartition(".")
    return getattr(importlib.import_module(module), name)


def set_current_rollout_id(rollout_id):
    global _current_rollout_id
    _current_rollout_id = rollout_id


def _accepted(function, kwargs):
    parameters = inspect.signature(function).parameters.values()
    if any(p.kind == inspect.Parameter.VAR_KEYWORD for p in parameters):
        return kwargs
    names = {p.name for p in parameters}
    return {k: v for k, v in kwargs.items() if k in names}


async def apply_rollout_sample_hooks(args, sample, evaluation):
    kwargs = {"evaluation": evaluation, "rollout_id": _current_rollout_id}
    for path in args.rollout_sample_hook_path or []:
        hook = load_function(path)
        result = hook(args, sample, **_accepted(hook, kwargs))
        if inspect.isawaitable(result):
            result = await result
        if result is not None:
            if not isinstance(result, Sample):
                raise TypeError(f"Rollout sample hook {path!r} returned {type(result).__name__}")
            sample = result
    return sample


async def generate_and_rm(args, sample, generate, reward_model, evaluation=False):
    sample = await generate(args, sample)
    sample = await apply_rollout_sample_hooks(args, sample, evaluation)
    if sample.status == Sample.Status.ABORTED:
        return sample
    # Custom generators (the tau recipes) may have filled the reward already.
    if sample.reward is None:
        sample.reward = await reward_model(args, sample)
    return sample


class RolloutManager:
    """generate(rollout_id) and eval(rollout_id) as slime's RolloutManager runs them, minus training."""

    def __init__(self, args, prompts, generate, reward_model, group_filter=None, eval_prompts=None):
        self.args = args
        self.prompts = prompts
        self.eval_prompts = eval_prompts or {}
        self.generate_fn = generate
        self.reward_model = reward_model
        self.group_filter = group_filter

    def generate(self, rollout_id):
        set_current_rollout_id(rollout_id)
        n = self.args.n_samples_per_prompt
        groups = [
            [Sample(group_index=g, index=g * n + k, prompt=prompt) for k in range(n)]
            for g, prompt in enumerate(self.prompts)
        ]

        async def run():
            return await asyncio.gather(
                *(asyncio.gather(*(generate_and_rm(self.args, s, self.generate_fn, self.reward_model) for s in group)) for group in groups)
            )

        done = asyncio.run(run())
        kept = [list(g) for g in done if self.group_filter is None or self.group_filter(g)]
        samples = [s for g in kept for s in g]
        if self.args.custom_rollout_log_function_path is not None:
            log = load_function(self.args.custom_rollout_log_function_path)
            log(rollout_id, self.args, samples, {"perf/rollout_time": 1.0}, 1.0)
        return samples

    def eval(self, rollout_id):
        set_current_rollout_id(rollout_id)
        data = {}
        for name, prompts in self.eval_prompts.items():
            samples = [Sample(index=i, prompt=p) for i, p in enumerate(prompts)]

            async def run(samples=samples):
                return await asyncio.gather(
                    *(generate_and_rm(self.args, s, self.generate_fn, self.reward_model, evaluation=True) for s in samples)
                )

            done = sorted(asyncio.run(run()), key=lambda s: s.index)
            data[name] = {
                "rewards": [s.reward for s in done],
                "truncated": [s.status == Sample.Status.TRUNCATED for s in done],
                "samples": done,
            }
        if self.args.custom_eval_rollout_log_function_path is not None:
            log = load_function(self.args.custom_eval_rollout_log_function_path)
            log(rollout_id, self.args, data, {})
        return data
