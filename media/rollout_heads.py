"""Rollout Studio heads index: lets a run too big to copy be browsed without mirroring it.

    python3 rollout_heads.py ROLLOUTS HEADS FROM EXPECTED_INO

Brings HEADS up to date with ROLLOUTS (resuming where it stopped) and writes to stdout, gzip-compressed,
one status line (`ino`, `from`) and the bytes of HEADS from offset FROM: what HEADS held, then each piece
as it is made, so the first pass over a large run is read while it runs. From 0 instead when HEADS now
describes another file than inode EXPECTED_INO: the run was restarted. Only the standard library is used.

HEADS starts with a header of HEADER_BYTES (a JSON object padded with spaces): the format (`v`), the inode
of ROLLOUTS it describes, how far into ROLLOUTS it has read (`end`, and `lines` before it), and how many
bytes of HEADS that commits (`bytes`). Then one JSON array per line of ROLLOUTS that is not blank. A
sample of format v2 or later with every field the index needs (the common case, and most of the bytes
that cross the link) is one flat row of those fields, in the order of SAMPLE_ROW:

    [offset, length, line, promptHash, v, step, evaluation, group, index, status, reward,
     shapedReward, taskId, domain]

(an absent shapedReward, taskId or domain is null, which the extension reads alike). Any other line is

    [offset, length, line, head, promptHash]

where `head` is what the extension's index reads of the record (src/core/store/headsLine.ts is the
reader): for another sample, its index fields with `messages` left empty; for a step record, the whole
record (steps are small). Any other line is copied whole as a string, so the extension says of it exactly
what it says of a mirrored line; one longer than RAW_LIMIT is null. The extension checks a flat row's
values as it checks a record's, so this script only sorts rows by shape.
"""

import fcntl
import gzip
import json
import os
import re
import sys

HEADER_BYTES = 256
# The layout of HEADS; a file of another layout is made again from the start.
FORMAT = 2
RAW_LIMIT = 1024 * 1024
READ_BYTES = 8 * 1024 * 1024
# The header is rewritten (committing what was appended) at least this often while a big file is read,
# so a first pass that is interrupted resumes near where it stopped.
COMMIT_BYTES = 256 * 1024 * 1024
HEAD_FIELDS = (
    "kind",
    "v",
    "ts",
    "step",
    "evaluation",
    "group",
    "index",
    "status",
    "reward",
    "shapedReward",
    "taskId",
    "domain",
)
# A sample's fields in a flat row, after offset, length, line and promptHash; the first ones are required.
SAMPLE_ROW = ("v", "step", "evaluation", "group", "index", "status", "reward", "shapedReward", "taskId", "domain")
REQUIRED = ("v", "ts", "step", "evaluation", "group", "index", "status", "reward")
MASK = 0xFFFFFFFF
PRIME = 0x01000193


def _no_constant(name):
    # NaN and Infinity (json.dumps writes them) are not JSON; the extension says so of the raw line.
    raise ValueError(name)


def _feed(a, b, text):
    # The extension's prompt hash (createLineMemory in src/core/store/lineHead.ts): two FNV-1a lanes
    # over the UTF-16 code units of each prompt message's role and content.
    units = text.encode("utf-16-le")
    for k in range(0, len(units), 2):
        c = units[k] | (units[k + 1] << 8)
        a = ((a ^ c) * PRIME) & MASK
        b = ((((b ^ c) * PRIME) & MASK) ^ (b >> 15)) & MASK
    a = (a * PRIME) & MASK
    b = (((b * PRIME) & MASK) ^ (b >> 15)) & MASK
    return a, b


class PromptHash:
    """The hash of a prompt; a message's effect on the lanes is kept, as runs repeat their prompts."""

    def __init__(self):
        self.known = {}

    def __call__(self, prompt):
        if not prompt:
            return None
        lanes = (0x811C9DC5, PRIME ^ 0x9E3779B9)
        for m in prompt:
            key = (lanes, m["role"], m["content"])
            after = self.known.get(key)
            if after is None:
                after = _feed(*_feed(*lanes, m["role"]), m["content"])
                if len(self.known) >= 4096:
                    self.known.clear()
                self.known[key] = after
            lanes = after
        return "%08x%08x" % lanes


def _message_ok(m):
    return isinstance(m, dict) and isinstance(m.get("role"), str) and isinstance(m.get("content"), str)


_DECODER = json.JSONDecoder(parse_constant=_no_constant)
_SPACE = re.compile(r"[ \t\r\n]*")


def quick_head(raw, prompt_hash):
    """A v2 sample's head read without its turns, as the extension's reader does; None to read it whole."""
    turns = raw.find(b'"messages":')
    if turns <= 0 or raw[turns - 1] == 0x5C:
        return None
    text = raw[:turns].rstrip(b" \t\r")
    if not text.endswith(b","):
        return None
    try:
        head = json.loads(text[:-1] + b"}", parse_constant=_no_constant)
        if not isinstance(head, dict) or head.get("kind") != "sample":
            return None
        version = head.get("v")
        if isinstance(version, bool) or not isinstance(version, (int, float)) or version < 2:
            return None
        body = raw[turns + 11 :].decode("utf-8")
        i = _SPACE.match(body, 0).end()
        if body[i : i + 1] != "[":
            return None
        prompt = []
        i = _SPACE.match(body, i + 1).end()
        # No assistant turn: the extension's reader walks the whole line then, and so does the caller.
        if body[i : i + 1] == "]":
            return None
        while True:
            m, i = _DECODER.raw_decode(body, i)
            if isinstance(m, dict) and m.get("role") == "assistant":
                break
            if not _message_ok(m):
                return None
            prompt.append(m)
            i = _SPACE.match(body, i).end()
            if body[i : i + 1] != ",":
                return None
            i = _SPACE.match(body, i + 1).end()
    except (ValueError, RecursionError):
        return None
    kept = {k: head[k] for k in HEAD_FIELDS if k in head}
    kept["messages"] = []
    return kept, prompt_hash(prompt)


def head_of(raw, prompt_hash):
    """(head, promptHash) of one line of ROLLOUTS (bytes, without its newline)."""
    quick = quick_head(raw, prompt_hash)
    if quick is not None:
        return quick
    try:
        record = json.loads(raw, parse_constant=_no_constant)
    except (ValueError, RecursionError):
        record = None
    if isinstance(record, dict) and record.get("kind") == "step":
        return record, None
    if isinstance(record, dict) and record.get("kind") == "sample":
        messages = record.get("messages")
        version = record.get("v")
        head_first = isinstance(version, (int, float)) and not isinstance(version, bool) and version >= 2
        if isinstance(messages, list):
            # Shaped as the extension's reader requires: a v2 record's messages up to the first
            # assistant turn (where that reader stops), a v1 record's every message.
            cut, shaped, in_prompt = [], True, True
            for m in messages:
                if head_first and isinstance(m, dict) and m.get("role") == "assistant":
                    break
                if not _message_ok(m):
                    shaped = False
                    break
                in_prompt = in_prompt and m["role"] != "assistant"
                if in_prompt:
                    cut.append(m)
            if shaped:
                head = {k: record[k] for k in HEAD_FIELDS if k in record}
                metadata = record.get("metadata")
                if not head_first and isinstance(metadata, dict):
                    kept = {k: metadata[k] for k in ("task_id", "task_index", "domain") if k in metadata}
                    head["metadata"] = kept
                head["messages"] = []
                return head, prompt_hash(cut)
    if len(raw) > RAW_LIMIT:
        return None, None
    return raw.decode("utf-8", "replace"), None


def _is_number(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def row_of(offset, length, line, head, phash):
    """The HEADS row of one line: flat for a v2 sample head that has the fields of one, else general."""
    if (
        isinstance(head, dict)
        and head.get("kind") == "sample"
        and all(k in head for k in REQUIRED)
        and _is_number(head["v"])
        and head["v"] >= 2
        and _is_number(head["ts"])
    ):
        return [offset, length, line, phash] + [head.get(k) for k in SAMPLE_ROW]
    return [offset, length, line, head, phash]


def read_header(heads):
    heads.seek(0)
    text = heads.read(HEADER_BYTES)
    if len(text) < HEADER_BYTES:
        return None
    try:
        header = json.loads(text)
    except ValueError:
        return None
    return header if isinstance(header, dict) else None


def write_header(heads, header):
    text = json.dumps(header, separators=(",", ":")).encode()
    heads.seek(0)
    heads.write(text + b" " * (HEADER_BYTES - 1 - len(text)) + b"\n")
    heads.flush()


class Answer:
    """The gzip stream to stdout: a status line, then the bytes of HEADS from `start` on, as they come."""

    def __init__(self, ino, start, at):
        self.out = gzip.GzipFile(fileobj=sys.stdout.buffer, mode="wb", compresslevel=1)
        self.start = start
        # The HEADS offset of the next byte given to send().
        self.at = at
        self.out.write((json.dumps({"ino": ino, "from": start}) + "\n").encode())

    def send(self, data):
        """Bytes of HEADS from offset `at`; those before `start` (sent in an earlier answer) are left out."""
        skip = max(0, self.start - self.at)
        if skip < len(data):
            self.out.write(data[skip:] if skip else data)
            # Flushed per piece, so the extension reads a long first pass while it runs.
            self.out.flush()
        self.at += len(data)

    def close(self):
        self.out.close()
        sys.stdout.buffer.flush()


def serve(rollouts_path, heads_path, start, expected_ino):
    """Brings HEADS up to date and answers with it from START: first what HEADS already holds, then each
    piece as it is made. HEADS is locked while it is written."""
    st = os.stat(rollouts_path)
    fd = os.open(heads_path, os.O_RDWR | os.O_CREAT, 0o644)
    with os.fdopen(fd, "r+b") as heads:
        fcntl.flock(heads.fileno(), fcntl.LOCK_EX)
        header = read_header(heads)
        if (
            header is None
            or header.get("v") != FORMAT
            or header.get("ino") != st.st_ino
            or header.get("end", 0) > st.st_size
        ):
            # New, damaged, of another layout, or the run restarted: made from the file's start.
            header = {"v": FORMAT, "ino": st.st_ino, "end": 0, "lines": 0, "bytes": HEADER_BYTES}
            heads.truncate(0)
            write_header(heads, header)
            start = 0
        if header["ino"] != expected_ino:
            start = 0
        # A START past the commit point was sent by a pass that stopped before committing it: the bytes
        # up to it are made again (the same bytes: ROLLOUTS only grows) and not sent twice.
        answer = Answer(header["ino"], start, min(start, header["bytes"]))
        heads.seek(answer.at)
        while answer.at < header["bytes"]:
            chunk = heads.read(min(READ_BYTES, header["bytes"] - answer.at))
            if not chunk:
                break
            answer.send(chunk)
        # Whatever was appended after the last commit is made again, byte for byte.
        heads.truncate(header["bytes"])
        heads.seek(header["bytes"])
        answer.at = header["bytes"]
        prompt_hash = PromptHash()
        offset, line = header["end"], header["lines"]
        since_commit = 0
        with open(rollouts_path, "rb") as rollouts:
            rollouts.seek(offset)
            carry = b""
            while True:
                chunk = rollouts.read(READ_BYTES)
                if not chunk:
                    break
                data = carry + chunk if carry else chunk
                out = []
                begin = 0
                while True:
                    nl = data.find(b"\n", begin)
                    if nl == -1:
                        break
                    line += 1
                    if nl > begin:
                        head, phash = head_of(data[begin:nl], prompt_hash)
                        entry = row_of(offset + begin, nl - begin, line, head, phash)
                        out.append(json.dumps(entry, separators=(",", ":"), ensure_ascii=False))
                    begin = nl + 1
                carry = data[begin:]
                if out:
                    rows = ("\n".join(out) + "\n").encode()
                    heads.write(rows)
                    answer.send(rows)
                offset += begin
                since_commit += begin
                if since_commit >= COMMIT_BYTES:
                    header.update(end=offset, lines=line, bytes=heads.tell())
                    write_header(heads, header)
                    heads.seek(header["bytes"])
                    since_commit = 0
        heads.seek(0, os.SEEK_END)
        header.update(end=offset, lines=line, bytes=heads.tell())
        write_header(heads, header)
        answer.close()


def main(argv):
    serve(argv[1], argv[2], int(argv[3]), int(argv[4]))


if __name__ == "__main__":
    main(sys.argv)
