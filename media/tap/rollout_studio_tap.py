"""Rollout Studio tap: appends slime rollouts to a run's rollouts.jsonl as they happen.

slime loads it through its own flags (reference/slime.md 2.3):

    --rollout-sample-hook-path rollout_studio_tap.sample_hook
    --custom-rollout-log-function-path rollout_studio_tap.log_rollout
    --custom-eval-rollout-log-function-path rollout_studio_tap.log_eval_rollout

Records are versioned JSON objects, one per line, flushed per line (src/core/records/tapRecord.ts is the
reader's side). The output file is $ROLLOUT_STUDIO_TAP_OUT, else $ROLLOUT_STUDIO_RUN_DIR/rollouts.jsonl,
else ./rollouts.jsonl.

The tap must never break or stall training: every public entry point catches everything, counts the
failure by where it happened and reports the counts in a `tap` record. It says once on stderr where it
writes (or why it cannot), with the host: in a Ray cluster the rollout process may run on another node
than the run directory's, and that line, forwarded by Ray into the run's console, tells which. Only the
standard library is
needed; `transformers` is used when importable to decode token runs with the run's tokenizer.
"""

import atexit
import json
import math
import os
import socket
import sys
import threading
import time

# v2: the body fields (RECORD_BODY_FIELDS) come after every other field, so a reader indexes a record
# without walking its turns.
TAP_RECORD_VERSION = 2
RECORD_BODY_FIELDS = ("messages", "tools", "metadata", "trace")
# PENDING is slime's status before generation; a custom generator that never sets one leaves it on a finished
# sample, which slime then trains like a completed one.
STATUSES = ("completed", "truncated", "aborted", "failed", "pending")
ROLES = {
    "system": "system",
    "developer": "system",
    "user": "user",
    "assistant": "assistant",
    "tool": "tool",
    "function": "tool",
    "ipython": "tool",
    "environment": "environment",
    "observation": "environment",
}
IM_START = "<|im_start|>"
IM_END = "<|im_end|>"


def _get(obj, name, default=None):
    """Sample attributes, or keys of Sample.to_dict() dicts (debug dumps)."""
    if isinstance(obj, dict):
        return obj.get(name, default)
    return getattr(obj, name, default)


def _id_like(value):
    return isinstance(value, (str, int)) and not isinstance(value, bool)


def _finite(value):
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value) if math.isfinite(value) else None


def declared_reward_range(text):
    """ROLLOUT_STUDIO_REWARD_RANGE as "min,max" -> [min, max]; None when unset. Raises on a malformed value."""
    if text is None or text.strip() == "":
        return None
    parts = [_finite(_float_or_none(p)) for p in text.split(",")]
    if len(parts) != 2 or None in parts or not parts[0] < parts[1]:
        raise ValueError(f"ROLLOUT_STUDIO_REWARD_RANGE={text!r} is not min,max with min < max")
    return parts


def _float_or_none(text):
    try:
        return float(text)
    except ValueError:
        return None


def _json_safe(value, depth=0):
    """JSON has no NaN, tensors or objects: make metadata writable without losing what can be kept."""
    if depth > 50:
        return repr(value)
    if value is None or isinstance(value, (bool, str, int)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {str(k): _json_safe(v, depth + 1) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_safe(v, depth + 1) for v in value]
    if hasattr(value, "tolist"):
        return _json_safe(value.tolist(), depth + 1)
    if hasattr(value, "value") and isinstance(value.value, (str, int)):
        return value.value
    return repr(value)


# slime's per-sample trace (slime.observability.trace_utils): {trace_id, events: [{type, name, ts, trace_id,
# sample_id, group_id, attempt, span_id, parent_span_id, attrs}]}. Kept without the ids every event repeats
# and with scalar attrs only (SGLang's token counts, latencies, finish reason), so a sample's spans cost
# a few hundred bytes.
TRACE_EVENTS_MAX = 256
TRACE_TEXT_MAX = 120


def _trace(carrier):
    events = _get(carrier, "events")
    if not isinstance(events, list):
        return None
    kept = []
    for event in events[:TRACE_EVENTS_MAX]:
        kind, name, ts = _get(event, "type"), _get(event, "name"), _finite(_get(event, "ts"))
        if not isinstance(kind, str) or not isinstance(name, str) or ts is None:
            continue
        compact = {"type": kind, "name": name, "ts": ts}
        for key in ("span_id", "parent_span_id"):
            if isinstance(_get(event, key), str):
                compact[key] = _get(event, key)
        attrs = _get(event, "attrs")
        if isinstance(attrs, dict):
            scalars = {
                str(k): v if not isinstance(v, str) else v[:TRACE_TEXT_MAX]
                for k, v in attrs.items()
                if isinstance(v, (str, bool, int)) or _finite(v) is not None
            }
            if scalars:
                compact["attrs"] = scalars
        kept.append(compact)
    if not kept:
        return None
    trace = {"events": kept}
    if len(events) > TRACE_EVENTS_MAX:
        trace["dropped"] = len(events) - TRACE_EVENTS_MAX
    return trace


def _text(content):
    if isinstance(content, str):
        return content
    if content is None:
        return ""
    if isinstance(content, list):
        parts = [p.get("text") for p in content if isinstance(p, dict) and isinstance(p.get("text"), str)]
        return "\n".join(parts)
    return json.dumps(_json_safe(content))


def _message(raw):
    """One chat message in the record's shape; calls the source stored as data become toolCalls."""
    if not isinstance(raw, dict):
        return {"role": "environment", "content": _text(raw)}
    role = ROLES.get(raw.get("role"), "environment")
    message = {"role": role, "content": _text(raw.get("content"))}
    calls = raw.get("tool_calls")
    if isinstance(calls, list) and calls:
        message["toolCalls"] = [_call(c) for c in calls if isinstance(c, dict)]
    if role == "tool":
        call_id = raw.get("tool_call_id") or raw.get("id")
        if isinstance(call_id, str) and call_id:
            message["toolCallId"] = call_id
        if isinstance(raw.get("name"), str):
            message["toolName"] = raw["name"]
        if isinstance(raw.get("error"), bool):
            message["error"] = raw["error"]
    return message


def _call(raw):
    fn = raw.get("function") if isinstance(raw.get("function"), dict) else raw
    args = fn.get("arguments", {})
    if isinstance(args, str):
        try:
            args = json.loads(args)
        except ValueError:
            pass
    call = {"name": str(fn.get("name", "")), "arguments": _json_safe(args)}
    if isinstance(raw.get("id"), str) and raw["id"]:
        call["id"] = raw["id"]
    return call


def template_messages(text, trainable=None):
    """Qwen chat-template text to messages; <tool_response> blocks in a user block become tool messages.

    Text outside any block (the tail of the previous turn, e.g. a lone <|im_end|>) is dropped, and an empty
    generation prompt (`<|im_start|>assistant\\n` with nothing after it) is not a message.
    """
    messages = []
    for block in text.split(IM_START)[1:]:
        head, _, body = block.partition("\n")
        role = ROLES.get(head.strip(), "environment")
        body = body.split(IM_END, 1)[0]
        if role == "assistant" and body.strip() == "" and IM_END not in block:
            continue
        responses = _tool_responses(body) if role == "user" else None
        if responses is not None:
            messages.extend({"role": "tool", "content": r} for r in responses)
        else:
            messages.append({"role": role, "content": body})
    if trainable is not None:
        for m in messages:
            m["trainable"] = trainable
    return messages


def _tool_responses(body):
    out = []
    rest = body
    while True:
        stripped = rest.strip()
        if stripped == "":
            return out or None
        if not stripped.startswith("<tool_response>"):
            return None
        end = stripped.find("</tool_response>")
        if end < 0:
            return None
        inner = stripped[len("<tool_response>") : end]
        out.append(inner[1:] if inner.startswith("\n") else inner)
        if out[-1].endswith("\n"):
            out[-1] = out[-1][:-1]
        rest = stripped[end + len("</tool_response>") :]


def _prompt_messages(prompt):
    if isinstance(prompt, list):
        return [_message(m) for m in prompt]
    text = _text(prompt)
    if IM_START in text:
        return template_messages(text)
    return [{"role": "user", "content": text}] if text else []


def _response_messages(response):
    if not response:
        return []
    if IM_START in response:
        return template_messages(IM_START + "assistant\n" + response)
    return [{"role": "assistant", "content": response}]


def _mask_runs(tokens, mask):
    runs = []
    for token, bit in zip(tokens, mask):
        trainable = bit == 1
        if runs and runs[-1][0] == trainable:
            runs[-1][1].append(token)
        else:
            runs.append((trainable, [token]))
    return runs


def messages_from_loss_mask(prompt, tokens, mask, decode):
    """Turns from runs of the loss mask: mask-1 runs are the model's, mask-0 runs the environment's."""
    prompt_messages = _prompt_messages(prompt)
    response_start = len(tokens) - len(mask)
    if any(m["role"] == "assistant" for m in prompt_messages):
        # The tau2 recipe keeps the whole chat in `prompt` and its response tokens repeat every turn from the
        # first assistant reply on: keep only the messages the prompt's own tokens hold.
        held = len(template_messages(decode(tokens[:response_start])))
        prompt_messages = prompt_messages[:held]
    messages = [dict(m, trainable=False) for m in prompt_messages]
    response = tokens[response_start:] if mask else []
    for trainable, run in _mask_runs(response, mask):
        text = decode(run)
        if trainable:
            if text.endswith(IM_END):
                text = text[: -len(IM_END)]
            messages.append({"role": "assistant", "content": text, "trainable": True})
        elif IM_START in text:
            messages.extend(template_messages(text, trainable=False))
        elif text.strip() not in ("", IM_END):
            messages.append({"role": "environment", "content": text, "trainable": False})
    return messages


def _reward_value(reward, args):
    if isinstance(reward, dict):
        key = getattr(args, "reward_key", None) or "reward"
        return _finite(reward.get(key))
    return _finite(reward)


def _status(raw):
    value = getattr(raw, "value", raw)
    text = str(value).lower() if value is not None else ""
    return (text, text) if text in STATUSES else ("failed", text)


class Tap:
    """One output stream with its own failure counts; the module-level hooks share one instance."""

    def __init__(self, path=None, opener=open, clock=time.time, tokenizer_loader=None, report=None):
        self._path = path
        self._opener = opener
        self._report = report or _report_stderr
        self._said = set()
        self._clock = clock
        self._tokenizer_loader = tokenizer_loader or _load_tokenizer
        self._tokenizers = {}
        self._file = None
        self._lock = threading.Lock()
        self._positions = {}
        self._assigned = {}
        # slime runs the sample hooks before it computes the reward (sglang_rollout.generate_and_rm): a sample
        # seen without one waits here, as (sample, args, step, evaluation), until its step's log function
        # has it rewarded.
        self._unrewarded = []
        self.samples = 0
        self.steps = 0
        self.errors = {}
        self.last_error = None

    # Entry points -----------------------------------------------------------------------------------

    def sample_hook(self, args, sample, rollout_id=None, evaluation=False):
        try:
            step, evaluation = step_number(rollout_id), bool(evaluation)
            # A new step's generation starts after the previous step was logged: what still waits never
            # reached a log function (none configured, or the sample was dropped), and is written as it is.
            self.write_unrewarded(lambda s, e: s < step)
            if _get(sample, "reward") is None and _status(_get(sample, "status"))[0] != "aborted":
                # Numbered now, so samples keep their arrival order within the group.
                self._position(args, sample, step, evaluation)
                self._unrewarded.append((sample, args, step, evaluation))
            else:
                self._write_sample(args, sample, step, evaluation)
        except Exception as e:  # noqa: BLE001 - the trainer must never see the tap fail
            self._failed("sample_hook", e)
        return None

    def write_unrewarded(self, which=lambda step, evaluation: True):
        """Writes the waiting samples `which(step, evaluation)` selects, with whatever reward they have now."""
        waiting, self._unrewarded = self._unrewarded, []
        for entry in waiting:
            sample, args, step, evaluation = entry
            if not which(step, evaluation):
                self._unrewarded.append(entry)
                continue
            try:
                self._write_sample(args, sample, step, evaluation)
            except Exception as e:  # noqa: BLE001 - one odd sample must not hold back the others
                self._failed("sample_hook", e)

    def _write_sample(self, args, sample, step, evaluation):
        if self._write(self.sample_record(args, sample, step, evaluation)):
            self.samples += 1

    def log_rollout(self, rollout_id, args, samples, extra_metrics=None, rollout_time=None):
        try:
            step = step_number(rollout_id)
            # The samples slime hands over are rewarded now, and so are the ones its filters dropped.
            self.write_unrewarded(lambda s, e: s < step or (s == step and not e))
            flat = list(_flatten(samples))
            metrics = _numeric(extra_metrics)
            rewards = []
            raws, lengths, truncated = [], [], []
            for s in flat:
                group, index = self._position(args, s, step, False)
                raw, shaped = self._rewards(args, s)
                entry = {"group": group, "index": index, "raw": raw}
                if shaped is not None:
                    entry["shaped"] = shaped
                rewards.append(entry)
                if raw is not None:
                    raws.append(raw)
                if isinstance(_get(s, "response_length"), int):
                    lengths.append(_get(s, "response_length"))
                truncated.append(1.0 if _status(_get(s, "status"))[0] == "truncated" else 0.0)
            if raws:
                metrics.setdefault("rollout/raw_reward", sum(raws) / len(raws))
            if lengths:
                metrics.setdefault("rollout/response_len/mean", sum(lengths) / len(lengths))
            if truncated:
                metrics.setdefault("rollout/truncated_ratio", sum(truncated) / len(truncated))
            if _finite(rollout_time) is not None:
                metrics.setdefault("perf/rollout_time", float(rollout_time))
            self._wandb_step(args, rollout_id, metrics, "rollout/step")
            self._step_record(rollout_id, False, metrics, rewards)
        except Exception as e:  # noqa: BLE001
            self._failed("log_rollout", e)
        # False: slime's own logging (console, W&B) still runs.
        return False

    def log_eval_rollout(self, rollout_id, args, data, extra_metrics=None):
        try:
            step = step_number(rollout_id)
            self.write_unrewarded(lambda s, e: s < step or (s == step and e))
            metrics = _numeric(extra_metrics)
            for name, entry in (data or {}).items():
                rewards = [r for r in (_finite(x) for x in (entry or {}).get("rewards", [])) if r is not None]
                if rewards:
                    metrics.setdefault(f"eval/{name}", sum(rewards) / len(rewards))
            self._wandb_step(args, rollout_id, metrics, "eval/step")
            self._step_record(rollout_id, True, metrics, None)
        except Exception as e:  # noqa: BLE001
            self._failed("log_eval_rollout", e)
        return False

    # Records ----------------------------------------------------------------------------------------

    def sample_record(self, args, sample, step, evaluation):
        metadata = _get(sample, "metadata")
        metadata = _json_safe(metadata) if isinstance(metadata, dict) else {}
        status, status_text = _status(_get(sample, "status"))
        group, index = self._position(args, sample, step, evaluation)
        raw, shaped = self._rewards(args, sample)
        messages, turns_from = self._messages(args, sample)
        record = {
            "kind": "sample",
            "v": TAP_RECORD_VERSION,
            "ts": self._clock(),
            "step": step,
            "evaluation": evaluation,
            "group": group,
            "index": index,
            "status": status,
            "reward": _reward_value(_get(sample, "reward"), args),
            "rawReward": raw,
            "messages": messages,
            "metadata": metadata,
            "turnsFrom": turns_from,
        }
        if status_text != status:
            record["statusText"] = status_text
        if shaped is not None:
            record["shapedReward"] = shaped
        if _finite(metadata.get("partial_score")) is not None:
            record["partialScore"] = metadata["partial_score"]
        components = metadata.get("partial_components")
        if isinstance(components, dict):
            record["partialComponents"] = {k: v for k, v in components.items() if _finite(v) is not None}
        if isinstance(metadata.get("tools"), list):
            record["tools"] = metadata["tools"]
        for key, fields in (("taskId", ("task_id", "task_index")), ("domain", ("domain",))):
            value = next((metadata[f] for f in fields if _id_like(metadata.get(f))), None)
            if value is not None:
                record[key] = str(value)
        if isinstance(_get(sample, "index"), int):
            record["sampleIndex"] = _get(sample, "index")
        if _get(sample, "remove_sample") is True:
            record["removed"] = True
        trace = _trace(_get(sample, "trace"))
        if trace is not None:
            record["trace"] = trace
        record.update(_lengths(sample))
        for key in RECORD_BODY_FIELDS:
            if key in record:
                record[key] = record.pop(key)
        return record

    def _messages(self, args, sample):
        prompt = _get(sample, "prompt")
        tokens = _get(sample, "tokens") or []
        mask = _get(sample, "loss_mask")
        response = _text(_get(sample, "response"))
        if tokens and isinstance(mask, list) and mask and len(mask) <= len(tokens):
            decode = self._decoder(args)
            if decode is not None:
                try:
                    return messages_from_loss_mask(prompt, list(tokens), mask, decode), "loss_mask"
                except Exception as e:  # noqa: BLE001 - fall back to the text the sample also has
                    self._failed("decode", e)
        messages = _prompt_messages(prompt)
        # The tau2 recipe keeps the whole chat in `prompt`; `response` then repeats the assistant turns.
        if not any(m["role"] == "assistant" for m in messages):
            messages.extend(_response_messages(response))
        return messages, "messages" if isinstance(prompt, list) else "text"

    def _decoder(self, args):
        path = getattr(args, "hf_checkpoint", None)
        if not path:
            return None
        if path not in self._tokenizers:
            try:
                self._tokenizers[path] = self._tokenizer_loader(path)
            except Exception as e:  # noqa: BLE001 - no tokenizer: turns come from the chat text instead
                self._tokenizers[path] = None
                self._failed("tokenizer", e)
        tokenizer = self._tokenizers[path]
        if tokenizer is None:
            return None
        return lambda ids: tokenizer.decode(ids, skip_special_tokens=False)

    def _rewards(self, args, sample):
        metadata = _get(sample, "metadata")
        metadata = metadata if isinstance(metadata, dict) else {}
        value = _reward_value(_get(sample, "reward"), args)
        # metadata["raw_reward"] overrides the logged raw reward in slime; the tau2 recipe writes shaped_reward.
        raw = _finite(metadata.get("raw_reward")) if "raw_reward" in metadata else value
        return raw, _finite(metadata.get("shaped_reward"))

    def _position(self, args, sample, step, evaluation):
        """(group, index in group). slime's group_index and index are global counters, so the index inside
        the group is index - group_index * n_samples_per_prompt; samples without them are numbered in
        arrival order. The answer is remembered for the step record, with a reference to the sample so that
        its id() cannot be reused by another object meanwhile."""
        key = (id(sample), step, evaluation)
        if key in self._assigned:
            return self._assigned[key][1]
        self._forget_older_than(step - 1)
        group_index = _get(sample, "group_index")
        index = _get(sample, "index")
        group = group_index if isinstance(group_index, int) and group_index >= 0 else None
        if group is None:
            group = index if isinstance(index, int) and index >= 0 else 0
        n = getattr(args, "n_samples_per_prompt", None)
        inner = None
        if isinstance(group_index, int) and isinstance(index, int) and isinstance(n, int) and n > 0:
            k = index - group_index * n
            inner = k if 0 <= k < n else None
        if inner is None:
            slot = (step, evaluation, group)
            inner = self._positions.get(slot, 0)
            self._positions[slot] = inner + 1
        self._assigned[key] = (sample, (group, inner))
        return group, inner

    def _forget_older_than(self, step):
        # Runs without the log function never clear their steps; older steps cannot be asked about again.
        if any(k[1] < step for k in self._assigned):
            self._assigned = {k: v for k, v in self._assigned.items() if k[1] >= step}

    def _wandb_step(self, args, rollout_id, metrics, key):
        compute = _slime_function("metric_utils", "compute_rollout_step")
        if compute is None:
            return
        try:
            metrics.setdefault(key, float(compute(args, rollout_id)))
        except Exception as e:  # noqa: BLE001
            self._failed("wandb_step", e)

    def _step_record(self, rollout_id, evaluation, metrics, rewards):
        step = step_number(rollout_id)
        record = {"kind": "step", "v": TAP_RECORD_VERSION, "ts": self._clock(), "step": step}
        record.update({"evaluation": evaluation, "metrics": metrics})
        if rewards is not None:
            record["rewards"] = rewards
        # The run's declared reward range rides on every step record, so a reader needs no run.json.
        try:
            reward_range = declared_reward_range(os.environ.get("ROLLOUT_STUDIO_REWARD_RANGE"))
            if reward_range is not None:
                record["rewardRange"] = reward_range
        except ValueError as e:
            self._failed("reward_range", e)
        if self._write(record):
            self.steps += 1
        self._assigned = {k: v for k, v in self._assigned.items() if k[1] != step or k[2] != evaluation}
        if self.errors:
            self._write(self.status_record())

    def status_record(self):
        record = {
            "kind": "tap",
            "v": TAP_RECORD_VERSION,
            "ts": self._clock(),
            "samples": self.samples,
            "steps": self.steps,
            "errors": dict(self.errors),
        }
        if self.last_error is not None:
            record["lastError"] = self.last_error
        return record

    # Output -----------------------------------------------------------------------------------------

    def output_path(self):
        if self._path:
            return self._path
        explicit = os.environ.get("ROLLOUT_STUDIO_TAP_OUT")
        if explicit:
            return explicit
        return os.path.join(os.environ.get("ROLLOUT_STUDIO_RUN_DIR", "."), "rollouts.jsonl")

    def _write(self, record):
        try:
            line = json.dumps(record, ensure_ascii=False, allow_nan=False) + "\n"
        except (TypeError, ValueError) as e:
            self._failed("serialize", e)
            return False
        with self._lock:
            try:
                if self._file is None:
                    self._open()
                self._file.write(line)
                self._file.flush()
                return True
            except Exception as e:  # noqa: BLE001 - full disk, lost mount: count it, retry on the next record
                self._close()
                self._count("write", e)
                return False

    def _open(self):
        path = os.path.abspath(self.output_path())
        try:
            self._file = self._opener(path, "a", encoding="utf-8")
        except Exception as e:
            self._say("cannot", f"cannot write {path} on host {socket.gethostname()}: {type(e).__name__}: {e}")
            raise
        self._say("writing", f"writing {path} on host {socket.gethostname()} (pid {os.getpid()})")

    def _say(self, kind, text):
        # Once per kind: the line is for a person reading the console, not a log of every record.
        if kind in self._said:
            return
        self._said.add(kind)
        try:
            self._report(f"Rollout Studio tap: {text}")
        except Exception:  # noqa: BLE001 - a closed stderr must not stop the records
            pass

    def _close(self):
        try:
            if self._file is not None:
                self._file.close()
        except Exception:  # noqa: BLE001
            pass
        self._file = None

    def _count(self, where, error):
        self.errors[where] = self.errors.get(where, 0) + 1
        self.last_error = f"{where}: {type(error).__name__}: {error}"[:500]
        return self.errors[where]

    def _failed(self, where, error):
        # The first failure of each kind is reported at once; later ones ride along with step records.
        if self._count(where, error) == 1:
            self._write(self.status_record())


def step_number(rollout_id):
    """slime's rollout id; the hook may run before slime has set one (None), which reads as step 0."""
    return rollout_id if isinstance(rollout_id, int) and not isinstance(rollout_id, bool) and rollout_id >= 0 else 0


def _flatten(samples):
    for s in samples or []:
        if isinstance(s, list):
            yield from _flatten(s)
        else:
            yield s


def _numeric(metrics):
    out = {}
    for k, v in (metrics or {}).items():
        value = _finite(v)
        if value is not None:
            out[str(k)] = value
    return out


def _lengths(sample):
    out = {}
    tokens = _get(sample, "tokens") or []
    response_length = _get(sample, "response_length")
    if isinstance(response_length, int) and not isinstance(response_length, bool):
        out["responseTokens"] = response_length
        if tokens:
            out["promptTokens"] = len(tokens) - response_length
    mask = _get(sample, "loss_mask")
    if isinstance(mask, list):
        out["trainableTokens"] = sum(1 for b in mask if b == 1)
    return out


def _slime_function(module, name):
    """slime moved its helpers from slime.utils to slime.observability (#2298); either may be installed."""
    import importlib

    for package in ("slime.observability", "slime.utils"):
        try:
            return getattr(importlib.import_module(f"{package}.{module}"), name)
        except Exception:  # noqa: BLE001 - not installed, or another layout
            continue
    return None


def _report_stderr(line):
    print(line, file=sys.stderr, flush=True)


def _load_tokenizer(path):
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(path, trust_remote_code=True)


_TAP = Tap()
# A run that ends before its last step is logged still gets the samples that were waiting for a reward.
atexit.register(lambda: _TAP.write_unrewarded())


def sample_hook(args, sample, *, rollout_id=None, evaluation=False):
    """--rollout-sample-hook-path: one sample, as soon as its generation finishes. Returns None (unchanged)."""
    return _TAP.sample_hook(args, sample, rollout_id=rollout_id, evaluation=evaluation)


def log_rollout(rollout_id, args, samples, extra_metrics=None, rollout_time=None):
    """--custom-rollout-log-function-path: one rewarded step. Returns False so slime still logs it."""
    return _TAP.log_rollout(rollout_id, args, samples, extra_metrics, rollout_time)


def log_eval_rollout(rollout_id, args, data, extra_metrics=None):
    """--custom-eval-rollout-log-function-path: one eval round. Returns False so slime still logs it."""
    return _TAP.log_eval_rollout(rollout_id, args, data, extra_metrics)
