"""Converts a slime --save-debug-rollout-data dump (.pt) to Rollout Studio tap records on stdout.

    python3 convert_debug_rollout.py rollout_data/3.pt [--tokenizer /models/Qwen3-4B] > rollouts.jsonl

The dump is `torch.save({"rollout_id": N, "samples": [Sample.to_dict(), ...]})`, a pickle, so it needs
torch (reference/slime.md 2.1); the records are built by the tap's own code, so a dump reads exactly like a
live run. slime names an eval dump by formatting its template with rollout_id="eval_<N>" (rollout_eval_3.pt,
eval_3/data.pt) and stores the integer N inside, so a dump is an eval dump when its path holds eval_<N>.
"""

import argparse
import json
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "tap"))

import rollout_studio_tap  # noqa: E402 - found through the path set just above


def is_eval_dump(path, rollout_id):
    """slime/observability/rollout_data_utils.py save_debug_rollout_data puts eval_ + the id where the template
    has {rollout_id}, anywhere in the path: rollout_{rollout_id}.pt gives rollout_eval_3.pt."""
    return re.search(rf"(?:^|[^A-Za-z0-9])eval_{rollout_id}(?![0-9])", os.path.abspath(path)) is not None


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dump", help="a .pt file written by --save-debug-rollout-data")
    parser.add_argument("--tokenizer", help="HF checkpoint whose tokenizer decodes loss-mask runs")
    parser.add_argument("--n-samples-per-prompt", type=int, help="GRPO group size, to number samples in groups")
    options = parser.parse_args(argv)

    import torch

    data = torch.load(options.dump, map_location="cpu", weights_only=False)
    rollout_id = data.get("rollout_id", 0) if isinstance(data, dict) else 0
    samples = data.get("samples", []) if isinstance(data, dict) else data
    evaluation = is_eval_dump(options.dump, rollout_id)
    args = argparse.Namespace(
        hf_checkpoint=options.tokenizer, n_samples_per_prompt=options.n_samples_per_prompt, reward_key=None
    )
    tap = rollout_studio_tap.Tap(clock=lambda: os.path.getmtime(options.dump))
    step = rollout_studio_tap.step_number(rollout_id)
    written = 0
    for i, sample in enumerate(samples):
        try:
            record = tap.sample_record(args, sample, step, evaluation)
            sys.stdout.write(json.dumps(record, ensure_ascii=False, allow_nan=False) + "\n")
            written += 1
        except Exception as e:  # noqa: BLE001 - one odd sample must not lose the rest of the dump
            print(f"{options.dump}: samples[{i}]: {type(e).__name__}: {e}", file=sys.stderr)
    if tap.errors:
        print(f"{options.dump}: {tap.last_error}", file=sys.stderr)
    print(f"{options.dump}: {written} of {len(samples)} samples converted", file=sys.stderr)
    # Samples that could not be converted are reported above; the rest are still worth reading.
    return 0


if __name__ == "__main__":
    sys.exit(main())
