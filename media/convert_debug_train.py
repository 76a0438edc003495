"""Converts slime --save-debug-train-data dumps to the token view's JSON (one object) on stdout or --out.

    python3 convert_debug_train.py train_data/3_0.pt [more ranks' files] --tokenizer /models/Qwen3-4B

slime (observability/train_data_utils.py) writes `torch.save({"format_version": 2, "rollout_id", "rank",
"samples": [...], "dp_shards": [...], "raw_reward"?})`, one file per rollout from the DP source rank; each
sample holds `tokens` (prompt + response), `response_lengths`, `loss_masks` and per-response-token tensors
(`advantages`, `log_probs`, `ref_log_probs`, `rollout_log_probs`, ...), with `rollout_position` (its index in
the rollout debug dump) and `sample_index` (Sample.index). Older slime wrote `{"rollout_id", "rank",
"rollout_data": {column: [per sample]}}` from every rank; both are read. A `.json` file holding the same
structure (lists for tensors) is read without torch.

Token text needs the model's tokenizer: the checkpoint's tokenizer.json is read directly (byte-level BPE and
SentencePiece-style vocabularies), else transformers' AutoTokenizer when importable; without either the
output says so and the viewer shows token ids.
"""

import argparse
import codecs
import json
import math
import os
import pickle
import sys

OUTPUT_VERSION = 1
PER_TOKEN = {
    "advantages": "advantages",
    "log_probs": "logProbs",
    "ref_log_probs": "refLogProbs",
    "rollout_log_probs": "rolloutLogProbs",
}
DIGITS = 4


# Loading ----------------------------------------------------------------------------------------------


def load_payload(path):
    if path.endswith(".json"):
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    import torch

    # Train dumps hold only tensors, numbers, lists and dicts, so the safe unpickler reads them where it
    # knows floats (older torch's does not); the full one is what slime itself loads its dumps with.
    try:
        return torch.load(path, map_location="cpu", weights_only=True)
    except pickle.UnpicklingError:
        return torch.load(path, map_location="cpu", weights_only=False)


def plain(value):
    """Tensors and numpy arrays to Python lists and numbers."""
    if hasattr(value, "tolist"):
        return value.tolist()
    return value


def dump_samples(payload, where, problems):
    """The per-sample dicts of one file, whatever its layout."""
    if not isinstance(payload, dict):
        raise ValueError(f"{where}: expected a dict saved by --save-debug-train-data, got {type(payload).__name__}")
    if isinstance(payload.get("samples"), list):
        return [s for s in payload["samples"] if isinstance(s, dict)]
    columns = payload.get("rollout_data")
    if not isinstance(columns, dict):
        raise ValueError(f"{where}: neither 'samples' (format_version 2) nor 'rollout_data' (older slime) is there")
    lengths = plain(columns.get("response_lengths"))
    if not isinstance(lengths, list):
        raise ValueError(f"{where}: rollout_data.response_lengths is missing")
    n = len(lengths)
    samples = []
    for i in range(n):
        sample = {}
        for key, value in columns.items():
            if isinstance(value, (list, tuple)) and len(value) == n:
                sample[key] = value[i]
            elif hasattr(value, "dim") and value.dim() >= 1 and value.size(0) == n:
                sample[key] = value[i]
        if "sample_indices" in sample:
            sample["sample_index"] = sample.pop("sample_indices")
        if "partition" in sample:
            sample["rollout_position"] = sample.pop("partition")
        samples.append(sample)
    if n and not any("rollout_position" in s for s in samples):
        problems.append(f"{where}: older dump without 'partition': samples join by sample_index only")
    return samples


# Tokenizer --------------------------------------------------------------------------------------------


def _byte_level_table():
    """GPT-2's byte-to-character map (printable bytes stand for themselves, the rest are shifted past 255),
    inverted: the vocabulary's characters back to bytes."""
    printable = list(range(ord("!"), ord("~") + 1)) + list(range(0xA1, 0xAC + 1)) + list(range(0xAE, 0xFF + 1))
    chars = list(printable)
    shift = 0
    for b in range(256):
        if b not in printable:
            printable.append(b)
            chars.append(256 + shift)
            shift += 1
    return {chr(c): b for b, c in zip(printable, chars)}


def _decoder_kinds(decoder):
    if not isinstance(decoder, dict):
        return set()
    kinds = {decoder.get("type")}
    for inner in decoder.get("decoders") or []:
        kinds |= _decoder_kinds(inner)
    return kinds


class Vocabulary:
    """Token id to bytes from a tokenizer.json (the `tokenizers` library's format)."""

    def __init__(self, spec, source):
        self.source = source
        model = spec.get("model") or {}
        vocab = model.get("vocab")
        self.tokens = {}
        if isinstance(vocab, dict):
            self.tokens = {int(i): t for t, i in vocab.items()}
        elif isinstance(vocab, list):  # Unigram: [[piece, score], ...] in id order
            self.tokens = {i: entry[0] for i, entry in enumerate(vocab) if isinstance(entry, list) and entry}
        self.added = {int(t["id"]): t["content"] for t in spec.get("added_tokens") or [] if "id" in t}
        kinds = _decoder_kinds(spec.get("decoder"))
        if "ByteLevel" in kinds:
            self.kind = "byte-level"
            self.table = _byte_level_table()
        elif kinds & {"Metaspace", "ByteFallback", "Replace"}:
            self.kind = "sentencepiece"
        else:
            self.kind = "raw"
        self.note = (
            None
            if self.kind != "raw"
            else f"decoder {sorted(k for k in kinds if k) or 'none'} is not one this view decodes: vocabulary strings shown"
        )

    def token_bytes(self, token_id):
        if token_id in self.added:
            return self.added[token_id].encode("utf-8")
        token = self.tokens.get(token_id)
        if token is None:
            return None
        if self.kind == "byte-level":
            return bytes(self.table.get(c, 0x3F) for c in token)
        if self.kind == "sentencepiece":
            if len(token) == 6 and token.startswith("<0x") and token.endswith(">"):
                return bytes([int(token[3:5], 16)])
            return token.replace("\u2581", " ").encode("utf-8")
        return token.encode("utf-8")

    def pieces(self, ids):
        """Each token's share of the text: a character split over several tokens shows on the token that
        completes it, so the pieces join to exactly the decoded text."""
        decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        out = []
        unknown = 0
        for token_id in ids:
            data = self.token_bytes(token_id)
            if data is None:
                unknown += 1
                out.append(decoder.decode(b"", final=True) + f"<unk {token_id}>")
                continue
            out.append(decoder.decode(data))
        if out:
            out[-1] += decoder.decode(b"", final=True)
        return out, unknown


def load_vocabulary(path):
    """(Vocabulary or None, note). path: a checkpoint directory, or a tokenizer.json file."""
    if not path:
        return None, "no tokenizer given (--tokenizer, the run's --hf-checkpoint): token ids only"
    file = os.path.join(path, "tokenizer.json") if os.path.isdir(path) else path
    if os.path.isfile(file):
        with open(file, encoding="utf-8") as f:
            return Vocabulary(json.load(f), file), None
    try:
        from transformers import AutoTokenizer
    except ImportError:
        return None, f"{file} not found and transformers is not importable: token ids only"
    try:
        tokenizer = AutoTokenizer.from_pretrained(path, trust_remote_code=True)
    except Exception as e:  # noqa: BLE001 - any loading failure leaves the ids readable
        return None, f"transformers could not load a tokenizer from {path} ({type(e).__name__}: {e}): token ids only"
    backend = getattr(tokenizer, "backend_tokenizer", None)
    if backend is None:
        return None, f"{path} has only a slow tokenizer, which does not give per-token bytes: token ids only"
    return Vocabulary(json.loads(backend.to_str()), f"{path} (transformers)"), None


# Conversion -------------------------------------------------------------------------------------------


def _number(value):
    value = plain(value)
    if isinstance(value, list) and len(value) == 1:
        value = value[0]
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return value if isinstance(value, int) else (round(value, DIGITS) if math.isfinite(value) else None)


def _floats(values):
    return [round(v, DIGITS) if isinstance(v, (int, float)) and math.isfinite(v) else None for v in values]


def convert_sample(sample, where, vocabulary, problems):
    response_length = _number(sample.get("response_lengths"))
    tokens = plain(sample.get("tokens"))
    if not isinstance(response_length, int) or response_length < 0:
        raise ValueError("response_lengths is missing or not a count")
    if not isinstance(tokens, list) or len(tokens) < response_length:
        raise ValueError(f"tokens has {len(tokens) if isinstance(tokens, list) else 'no'} ids for {response_length} response tokens")
    ids = [int(t) for t in tokens[len(tokens) - response_length :]]
    out = {
        "rolloutPosition": _number(sample.get("rollout_position")),
        "sampleIndex": _number(sample.get("sample_index")),
        "dataParallelRank": _number(sample.get("data_parallel_rank")),
        "promptLength": len(tokens) - response_length,
        "reward": _number(sample.get("rewards")),
        "ids": ids,
    }
    mask = plain(sample.get("loss_masks"))
    if isinstance(mask, list) and len(mask) == response_length:
        out["lossMask"] = [1 if m else 0 for m in mask]
    else:
        out["lossMask"] = None
        problems.append(f"{where}: loss_masks {'is missing' if mask is None else 'does not match the response'}: no token is marked trained or masked")
    for key, name in PER_TOKEN.items():
        values = plain(sample.get(key))
        if values is None:
            continue
        if not isinstance(values, list) or len(values) != response_length:
            # Older slime saved context-parallel shards unmerged: a rank holds part of each response.
            problems.append(f"{where}: {key} has {len(values) if isinstance(values, list) else 'no'} values for {response_length} response tokens; left out")
            continue
        out[name] = _floats(values)
    if vocabulary is not None:
        out["pieces"], unknown = vocabulary.pieces(ids)
        if unknown:
            problems.append(f"{where}: {unknown} token ids are not in {vocabulary.source}: is it the run's tokenizer?")
    return out


def convert(paths, tokenizer=None):
    vocabulary, note = load_vocabulary(tokenizer)
    if vocabulary is not None:
        note = vocabulary.note
    problems = []
    samples = []
    rollout_ids = set()
    seen = set()
    duplicates = 0
    for path in paths:
        payload = load_payload(path)
        if isinstance(payload, dict) and payload.get("rollout_id") is not None:
            rollout_ids.add(_number(payload["rollout_id"]))
        for i, sample in enumerate(dump_samples(payload, path, problems)):
            where = f"{path}: samples[{i}]"
            try:
                converted = convert_sample(sample, where, vocabulary, problems)
            except Exception as e:  # noqa: BLE001 - one odd sample must not lose the rest of the dump
                problems.append(f"{where}: {e}")
                continue
            # Older slime wrote one file per rank, so tensor-parallel ranks repeat the same samples.
            identity = (converted["rolloutPosition"], converted["sampleIndex"], len(converted["ids"]))
            if identity[0] is not None or identity[1] is not None:
                if identity in seen:
                    duplicates += 1
                    continue
                seen.add(identity)
            samples.append(converted)
    if duplicates:
        problems.append(f"{duplicates} samples appeared in more than one file (one per rank) and were kept once")
    if len(rollout_ids) > 1:
        problems.append(f"the files are of different rollouts: {sorted(rollout_ids)}")
    samples.sort(key=lambda s: (s["rolloutPosition"] is None, s["rolloutPosition"] or 0, s["sampleIndex"] or 0))
    return {
        "kind": "train-tokens",
        "v": OUTPUT_VERSION,
        "rolloutId": min(rollout_ids) if rollout_ids else None,
        "sources": list(paths),
        "tokenizer": {"source": vocabulary.source if vocabulary else None, "note": note},
        "samples": samples,
        "problems": problems,
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dumps", nargs="+", help="files written by --save-debug-train-data for one rollout")
    parser.add_argument("--tokenizer", help="the run's --hf-checkpoint directory, or a tokenizer.json")
    parser.add_argument("--out", help="write here (atomically) instead of stdout")
    options = parser.parse_args(argv)
    try:
        result = convert(options.dumps, options.tokenizer)
    except Exception as e:  # noqa: BLE001 - the caller shows this line to the user
        print(f"convert_debug_train: {type(e).__name__}: {e}", file=sys.stderr)
        return 1
    text = json.dumps(result, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    if options.out:
        os.makedirs(os.path.dirname(os.path.abspath(options.out)), exist_ok=True)
        tmp = f"{options.out}.tmp{os.getpid()}"
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, options.out)
    else:
        sys.stdout.write(text + "\n")
    print(f"convert_debug_train: {len(result['samples'])} samples, {len(result['problems'])} problems", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
