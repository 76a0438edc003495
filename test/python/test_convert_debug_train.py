"""The train-data dump converter, run for real on dumps in slime's layout and a real tokenizer.json."""

import json
import os
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
CONVERTER = os.path.join(HERE, "..", "..", "media", "convert_debug_train.py")

try:
    import torch
except ImportError:  # the suite runs this file again with an interpreter that has torch
    torch = None


def byte_level_chars():
    """GPT-2's byte-to-character map, written out independently of the converter's own table."""
    keep = [b for b in range(256) if 0x21 <= b <= 0x7E or 0xA1 <= b <= 0xAC or 0xAE <= b <= 0xFF]
    out, shift = {}, 0
    for b in range(256):
        if b in keep:
            out[b] = chr(b)
        else:
            out[b] = chr(256 + shift)
            shift += 1
    return out


CHARS = byte_level_chars()
# A byte-level BPE vocabulary: the 256 byte symbols, two merges and the chat template's added tokens.
VOCAB = {CHARS[b]: b for b in range(256)}
VOCAB.update({"He": 256, "Hello": 257, "\u0120wor": 258, "\u0120world": 259})
MERGES = ["H e", "He l", "Hel l", "Hell o", "\u0120 w", "\u0120w o", "\u0120wo r", "\u0120wor l", "\u0120worl d"]
for i, merge in enumerate(MERGES):
    VOCAB.setdefault(merge.replace(" ", ""), 260 + i)
ADDED = [{"id": 300, "content": "<|im_start|>", "special": True}, {"id": 301, "content": "<|im_end|>", "special": True}]


def byte_ids(text):
    return [VOCAB[CHARS[b]] for b in text.encode("utf-8")]


# "Hello world ü!" then <|im_end|>; "ü" is two bytes, so two tokens share one character.
RESPONSE = [257, 259] + byte_ids(" ü!") + [301]
PROMPT = [300] + byte_ids("user\nhi")


def tokenizer_json(directory):
    spec = {
        "version": "1.0",
        "added_tokens": ADDED,
        "pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": True},
        "decoder": {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True, "use_regex": True},
        "model": {"type": "BPE", "vocab": VOCAB, "merges": MERGES},
    }
    with open(os.path.join(directory, "tokenizer.json"), "w", encoding="utf-8") as f:
        json.dump(spec, f)


def run(*args):
    done = subprocess.run([sys.executable, CONVERTER, *args], capture_output=True, text=True)
    if done.returncode != 0:
        raise AssertionError(done.stderr)
    return json.loads(done.stdout), done.stderr


class ConvertJsonDumps(unittest.TestCase):
    """A JSON file holding the dump's structure reads without torch (the demo writes these)."""

    def test_pieces_are_decoded_with_the_tokenizer_json(self):
        n = len(RESPONSE)
        payload = {
            "format_version": 2,
            "rollout_id": 5,
            "rank": 0,
            "samples": [
                {
                    "rollout_position": 0,
                    "sample_index": 40,
                    "data_parallel_rank": 0,
                    "tokens": PROMPT + RESPONSE,
                    "response_lengths": n,
                    "rewards": 0.5,
                    "loss_masks": [1] * n,
                    "advantages": [0.5] * n,
                    "log_probs": [-0.25] * (n - 1) + [float("nan")],
                }
            ],
        }
        with tempfile.TemporaryDirectory() as d:
            tokenizer_json(d)
            dump = os.path.join(d, "5.json")
            with open(dump, "w") as f:
                json.dump(payload, f)
            out, stderr = run(dump, "--tokenizer", d)
        sample = out["samples"][0]
        self.assertEqual(out["rolloutId"], 5)
        self.assertEqual(sample["ids"], RESPONSE)
        self.assertEqual(sample["promptLength"], len(PROMPT))
        self.assertEqual(sample["pieces"], ["Hello", " world", " ", "", "ü", "!", "<|im_end|>"])
        self.assertEqual("".join(sample["pieces"]), "Hello world ü!<|im_end|>")
        self.assertEqual(sample["logProbs"][-1], None)
        self.assertEqual(out["tokenizer"]["note"], None)
        self.assertIn("1 samples, 0 problems", stderr)

    def test_without_a_tokenizer_the_ids_stay_and_the_output_says_why(self):
        payload = {"format_version": 2, "rollout_id": 1, "samples": [{"tokens": [1, 2, 3], "response_lengths": 2, "loss_masks": [1, 0]}]}
        with tempfile.TemporaryDirectory() as d:
            dump = os.path.join(d, "1.json")
            with open(dump, "w") as f:
                json.dump(payload, f)
            out, _ = run(dump)
        self.assertNotIn("pieces", out["samples"][0])
        self.assertEqual(out["samples"][0]["ids"], [2, 3])
        self.assertIn("token ids only", out["tokenizer"]["note"])


@unittest.skipIf(torch is None, "torch is not importable by this interpreter")
class ConvertTorchDumps(unittest.TestCase):
    def test_a_format_2_dump_as_slime_saves_it(self):
        """What _build_dump_payload returns, saved with torch.save: per-sample tensors, the DP layout
        beside them, raw_reward once at the top."""
        n = len(RESPONSE)
        samples = [
            {
                "data_parallel_rank": 1,
                "rollout_position": 0,
                "sample_index": 8,
                "tokens": torch.tensor(PROMPT + RESPONSE),
                "response_lengths": n,
                "total_lengths": len(PROMPT) + n,
                "rewards": 1.0,
                "truncated": 0,
                "loss_masks": torch.tensor([1, 1, 0, 0, 1, 1, 1], dtype=torch.int),
                "log_probs": torch.linspace(-0.1, -0.7, n),
                "ref_log_probs": torch.linspace(-0.2, -0.8, n),
                "advantages": torch.full((n,), 0.75),
                "returns": torch.full((n,), 0.75),
                "rollout_mask_sums": torch.tensor(5.0),
            },
            {
                "data_parallel_rank": 0,
                "rollout_position": 1,
                "sample_index": 9,
                "tokens": torch.tensor(PROMPT + RESPONSE[:2]),
                "response_lengths": 2,
                "rewards": 0.0,
                "loss_masks": torch.tensor([1, 1], dtype=torch.int),
                # An unmerged context-parallel shard: half the response.
                "log_probs": torch.tensor([-0.3]),
                "advantages": torch.tensor([-0.75, -0.75]),
            },
        ]
        payload = {
            "format_version": 2,
            "rollout_id": 3,
            "rank": 0,
            "samples": samples,
            "dp_shards": [{"rank": 0, "data_parallel_rank": 0, "sample_indices": [9], "partition": [1]}],
            "raw_reward": [1.0, 0.0],
        }
        with tempfile.TemporaryDirectory() as d:
            tokenizer_json(d)
            dump = os.path.join(d, "train_3_0.pt")
            torch.save(payload, dump)
            out, _ = run(dump, "--tokenizer", os.path.join(d, "tokenizer.json"))
        first, second = out["samples"]
        self.assertEqual((first["rolloutPosition"], first["sampleIndex"], first["dataParallelRank"]), (0, 8, 1))
        self.assertEqual(first["lossMask"], [1, 1, 0, 0, 1, 1, 1])
        self.assertEqual(first["advantages"], [0.75] * n)
        self.assertAlmostEqual(first["logProbs"][0], -0.1, places=4)
        self.assertAlmostEqual(first["refLogProbs"][-1], -0.8, places=4)
        self.assertEqual(first["reward"], 1.0)
        self.assertEqual("".join(first["pieces"]), "Hello world ü!<|im_end|>")
        self.assertEqual(second["pieces"], ["Hello", " world"])
        self.assertNotIn("logProbs", second)
        self.assertEqual(len(out["problems"]), 1)
        self.assertIn("samples[1]: log_probs has 1 values for 2 response tokens", out["problems"][0])

    def test_older_per_rank_dumps_are_read_once(self):
        """Before format 2 every rank saved {rollout_id, rank, rollout_data: columns}; TP ranks repeat them."""
        columns = {
            "tokens": [torch.tensor([1, 2, 3]), torch.tensor([4, 5])],
            "response_lengths": [2, 1],
            "sample_indices": [0, 1],
            "loss_masks": [torch.tensor([1, 1]), torch.tensor([0])],
            "advantages": [torch.tensor([0.1, 0.1]), torch.tensor([-0.2])],
            "raw_reward": [1.0, 0.0, 0.5],
        }
        with tempfile.TemporaryDirectory() as d:
            paths = []
            for rank in (0, 1):
                paths.append(os.path.join(d, f"train_2_{rank}.pt"))
                torch.save({"rollout_id": 2, "rank": rank, "rollout_data": columns}, paths[-1])
            out, _ = run(*paths)
        self.assertEqual([(s["sampleIndex"], s["ids"], s["lossMask"]) for s in out["samples"]], [(0, [2, 3], [1, 1]), (1, [5], [0])])
        self.assertTrue(any("partition" in p for p in out["problems"]))
        self.assertTrue(any("kept once" in p for p in out["problems"]))


if __name__ == "__main__":
    unittest.main()
