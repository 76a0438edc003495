"""Writes a tap record stream through the tap's slime entry points, for the TypeScript round-trip test.

    python3 write_tap_stream.py <out.jsonl>

Two GRPO steps of tau2-recipe samples (odd ones included) and one eval round, the way slime calls the
hooks: each sample as it finishes, then the step's log function with all of them.
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "media", "tap"))
sys.path.insert(0, HERE)

import rollout_studio_tap  # noqa: E402
from sample_shapes import Sample, Status, args, recipe_sample  # noqa: E402


def main(out):
    os.environ["ROLLOUT_STUDIO_TAP_OUT"] = out
    ticks = iter(range(1767225600, 1767229200))
    rollout_studio_tap._TAP = rollout_studio_tap.Tap(clock=lambda: float(next(ticks)))
    run_args = args(n_samples_per_prompt=2)
    for step in range(2):
        samples = [
            recipe_sample(2 * step, 4 * step, 1.0),
            recipe_sample(2 * step, 4 * step + 1, 0.0, status=Status.TRUNCATED),
            recipe_sample(2 * step + 1, 4 * step + 2, 1.0),
            # tau1-style: plain-string status, no group_index, reward as a dict, no tokens.
            Sample(index=4 * step + 3, prompt="7", response="<tool_call>{}</tool_call>", status="aborted", reward={"reward": 0.0}),
        ]
        for s in samples:
            rollout_studio_tap.sample_hook(run_args, s, rollout_id=step, evaluation=False)
        rollout_studio_tap.log_rollout(step, run_args, samples, {"perf/rollout_time": 3.5}, 3.5)
    eval_samples = [recipe_sample(100, 200, 1.0), recipe_sample(100, 201, 1.0)]
    for s in eval_samples:
        rollout_studio_tap.sample_hook(run_args, s, rollout_id=1, evaluation=True)
    rollout_studio_tap.log_eval_rollout(1, run_args, {"tau2-dev": {"rewards": [1.0, 1.0], "samples": eval_samples}}, {})


if __name__ == "__main__":
    main(sys.argv[1])
