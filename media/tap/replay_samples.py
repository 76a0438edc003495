"""Feeds Sample-shaped dicts through the tap's slime entry points, one JSON message per stdin line.

    ROLLOUT_STUDIO_TAP_OUT=run/rollouts.jsonl python3 replay_samples.py < messages.jsonl

Messages: {"args": {...}} sets slime args (n_samples_per_prompt, reward_key, hf_checkpoint);
{"sample": {...}, "rollout_id": N, "evaluation": false} is one finished sample (sample_hook); with
"trained": false it is an over-sampling leftover that the step's log_rollout does not receive;
{"log_rollout": N, "metrics": {...}, "rollout_time": s} ends the step with the samples since the last one.
Replays (the demo run) and stand-ins for slime thus write their records through exactly the code a real
run uses. Lines are handled as they arrive, so a paced writer streams.
"""

import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import rollout_studio_tap  # noqa: E402 - found through the path set just above


def main():
    args = argparse.Namespace(n_samples_per_prompt=None, reward_key=None, hf_checkpoint=None)
    step_samples = []
    for line in iter(sys.stdin.readline, ""):
        if not line.strip():
            continue
        message = json.loads(line)
        if "args" in message:
            vars(args).update(message["args"])
        elif "sample" in message:
            if message.get("trained", True):
                step_samples.append(message["sample"])
            rollout_studio_tap.sample_hook(
                args,
                message["sample"],
                rollout_id=message.get("rollout_id"),
                evaluation=bool(message.get("evaluation", False)),
            )
        elif "log_rollout" in message:
            rollout_studio_tap.log_rollout(
                message["log_rollout"], args, step_samples, message.get("metrics"), message.get("rollout_time")
            )
            step_samples = []
        else:
            print(f"replay_samples: unknown message keys {sorted(message)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
