"""The .pt dump converter, run for real: needs torch (Debian's python3-torch for /usr/bin/python3)."""

import dataclasses
import json
import os
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
CONVERTER = os.path.join(HERE, "..", "..", "media", "convert_debug_rollout.py")
sys.path.insert(0, HERE)

from sample_shapes import Status, recipe_sample  # noqa: E402

try:
    import torch
except ImportError:  # the suite runs this file again with an interpreter that has torch
    torch = None


def to_dict(sample):
    """What Sample.to_dict() stores: the fields, with status as its string value."""
    value = dataclasses.asdict(sample)
    value["status"] = sample.status.value if isinstance(sample.status, Status) else sample.status
    return value


@unittest.skipIf(torch is None, "torch is not importable by this interpreter")
class ConvertDebugRolloutDump(unittest.TestCase):
    def convert(self, name, payload):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, name)
            torch.save(payload, path)
            done = subprocess.run([sys.executable, CONVERTER, path], capture_output=True, text=True, check=True)
        return [json.loads(line) for line in done.stdout.splitlines()], done.stderr

    def test_a_rollout_dump_becomes_tap_records(self):
        samples = [to_dict(recipe_sample(0, 0, 1.0)), to_dict(recipe_sample(0, 1, 0.0, status=Status.TRUNCATED))]
        # Tensors and trace events survive in a dump; the converter must write them as JSON.
        samples[0]["rollout_log_probs"] = torch.zeros(3)
        samples[0]["trace"] = {"trace_id": "t", "events": [{"type": "span", "name": "generate_and_rm", "ts": 1.5}]}
        records, stderr = self.convert("12.pt", {"rollout_id": 12, "samples": samples})
        self.assertEqual([r["kind"] for r in records], ["sample", "sample"])
        self.assertEqual([(r["step"], r["evaluation"], r["status"]) for r in records], [(12, False, "completed"), (12, False, "truncated")])
        self.assertEqual([r["reward"] for r in records], [1.0, 0.0])
        self.assertEqual(records[0]["messages"][3]["content"][:16], "Tool result for ")
        self.assertIn("2 of 2 samples converted", stderr)

    def test_eval_dumps_are_marked_as_evaluation(self):
        sample = to_dict(recipe_sample(2, 4, 1.0))
        records, _ = self.convert("eval_4.pt", {"rollout_id": 4, "samples": [sample]})
        self.assertEqual((records[0]["step"], records[0]["evaluation"], records[0]["group"]), (4, True, 2))
        # slime's template with {rollout_id} inside a name: rollout_{rollout_id}.pt.
        for name, evaluation in (("rollout_eval_3.pt", True), ("rollout_3.pt", False), ("rollout_eval_31.pt", False)):
            records, _ = self.convert(name, {"rollout_id": 3, "samples": [sample]})
            self.assertEqual((name, records[0]["step"], records[0]["evaluation"]), (name, 3, evaluation))


if __name__ == "__main__":
    unittest.main()
