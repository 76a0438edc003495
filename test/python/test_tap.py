import io
import json
import math
import os
import sys
import tempfile
import unittest
from unittest import mock

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "media", "tap"))
sys.path.insert(0, HERE)

import rollout_studio_tap as tap_module  # noqa: E402
from rollout_studio_tap import Tap, messages_from_loss_mask, template_messages  # noqa: E402
from sample_shapes import Sample, Status, args, recipe_sample  # noqa: E402
from slime_rollout import RolloutManager  # noqa: E402


class MemoryFile(io.StringIO):
    def close(self):  # keep the text readable after the tap closes it
        pass


class Opener:
    """Stands in for open(): can fail to open, or fail on the next N writes."""

    def __init__(self, fail_opens=0, fail_writes=0):
        self.file = MemoryFile()
        self.fail_opens = fail_opens
        self.fail_writes = fail_writes
        self.opens = 0
        outer = self

        def write(text):
            if outer.fail_writes > 0:
                outer.fail_writes -= 1
                raise OSError(28, "No space left on device")
            return MemoryFile.write(outer.file, text)

        self.file.write = write

    def __call__(self, path, mode, encoding=None):
        self.opens += 1
        if self.fail_opens > 0:
            self.fail_opens -= 1
            raise PermissionError(13, "Permission denied", path)
        return self.file

    def records(self):
        return [json.loads(line) for line in self.file.getvalue().splitlines()]


class CharTokenizer:
    """Token ids are code points: decoding is exact and visible."""

    def decode(self, ids, skip_special_tokens=False):
        return "".join(chr(i) for i in ids)


def encode(text):
    return [ord(c) for c in text]


def new_tap(opener=None, **kw):
    opener = opener or Opener()
    return Tap(path="unused.jsonl", opener=opener, clock=lambda: 1767225600.0, **kw), opener


class SampleRecords(unittest.TestCase):
    def test_recipe_sample_becomes_a_full_record(self):
        tap, out = new_tap()
        self.assertIsNone(tap.sample_hook(args(), recipe_sample(3, 7, 1.0), rollout_id=5))
        (r,) = out.records()
        self.assertEqual((r["kind"], r["v"], r["step"], r["evaluation"]), ("sample", 2, 5, False))
        # slime's counters are global: index 7 in group 3 with n=2 is the second sample of its group.
        self.assertEqual((r["group"], r["index"], r["sampleIndex"]), (3, 1, 7))
        self.assertEqual((r["status"], r["reward"], r["rawReward"], r["shapedReward"]), ("completed", 1.0, 1.0, 1.125))
        self.assertEqual(r["partialComponents"], {"action": 0.5, "communicate": 0.5})
        self.assertEqual((r["taskId"], r["domain"], r["turnsFrom"]), ("7", "airline", "messages"))
        self.assertEqual([m["role"] for m in r["messages"]], ["system", "user", "assistant", "user", "assistant"])
        self.assertEqual((r["promptTokens"], r["responseTokens"], r["trainableTokens"]), (10, 20, 14))
        self.assertEqual(r["tools"][0]["function"]["name"], "get_user_details")
        # v2 layout: the body fields last, so a reader indexes the record without walking its turns.
        keys = list(r)
        self.assertEqual(keys[-3:], ["messages", "tools", "metadata"])
        self.assertLess(keys.index("taskId"), keys.index("messages"))

    def test_odd_samples_still_make_valid_records(self):
        tap, out = new_tap()
        odd = [
            Sample(prompt="What is 2+2?", response="4", status="truncated", reward={"reward": 0.5, "acc": 1}),
            Sample(prompt=None, response=None, status=None, reward=float("nan"), tokens=None),
            Sample(group_index=None, index=4, status="pending", reward={"score": 2}, metadata={"x": float("inf")}),
            Sample(metadata={"obj": object(), "tup": (1, 2), "nested": {"n": float("nan")}}, status=Status.ABORTED),
            Sample(prompt=[{"role": "wizard", "content": [{"type": "text", "text": "hi"}]}, "bare"], reward=0.0, status="completed"),
            {"group_index": 1, "index": 2, "prompt": "p", "response": "r", "status": "failed", "reward": 0.0},
        ]
        for s in odd:
            self.assertIsNone(tap.sample_hook(args(), s, rollout_id=None, evaluation=True))
        records = out.records()
        self.assertEqual(len(records), len(odd))
        self.assertEqual(tap.errors, {})
        plain, empty, pending, objects, wizard, as_dict = records
        self.assertEqual((plain["status"], plain["reward"]), ("truncated", 0.5))
        self.assertEqual([m["role"] for m in plain["messages"]], ["user", "assistant"])
        self.assertEqual((empty["status"], empty["reward"], empty["messages"]), ("failed", None, []))
        # PENDING: a custom generator that never set a status; slime trains it like a completed sample.
        self.assertEqual((pending["status"], pending["reward"]), ("pending", None))
        self.assertNotIn("statusText", pending)
        self.assertEqual((pending["group"], pending["metadata"]), (4, {"x": None}))
        self.assertEqual(objects["metadata"]["tup"], [1, 2])
        self.assertIsNone(objects["metadata"]["nested"]["n"])
        self.assertTrue(objects["metadata"]["obj"].startswith("<object object"))
        self.assertEqual(wizard["messages"], [{"role": "environment", "content": "hi"}, {"role": "environment", "content": "bare"}])
        self.assertEqual((as_dict["group"], as_dict["status"]), (1, "failed"))
        self.assertTrue(all(r["evaluation"] and r["step"] == 0 for r in records))

    def test_slime_trace_is_kept_compactly(self):
        # The carrier as slime.observability.trace_utils builds it: every event repeats the trace and sample ids.
        ids = {"trace_id": "9f1c", "sample_id": 7, "group_id": 3, "attempt": 0}
        events = [
            {"type": "span_start", "name": "generate_and_rm", "ts": 100.0, "span_id": "a", **ids},
            {"type": "span_start", "name": "sglang_generate", "ts": 100.5, "span_id": "b", "parent_span_id": "a", **ids},
            {
                "type": "span_end",
                "name": "sglang_generate",
                "ts": 104.25,
                "span_id": "b",
                **ids,
                "attrs": {"completion_tokens": 812, "e2e_latency": 3.7, "finish_reason": "stop", "meta": {"big": [1] * 999}},
            },
            {"type": "event", "name": "attempt_start", "ts": 100.1, **ids},
            {"type": "span_end", "name": "bad", "ts": float("nan"), **ids},
            {"type": "span_end", "name": "generate_and_rm", "ts": 105.0, "span_id": "a", **ids},
        ]
        sample = recipe_sample(3, 7, 1.0)
        sample.trace = {"version": 1, "trace_id": "9f1c", "events": events, "sample_id": 7, "group_id": 3, "attempt": 0}
        tap, out = new_tap()
        tap.sample_hook(args(), sample, rollout_id=5)
        (r,) = out.records()
        kept = r["trace"]["events"]
        self.assertEqual([e["name"] for e in kept], ["generate_and_rm", "sglang_generate", "sglang_generate", "attempt_start", "generate_and_rm"])
        self.assertEqual(kept[1], {"type": "span_start", "name": "sglang_generate", "ts": 100.5, "span_id": "b", "parent_span_id": "a"})
        # Scalar attrs only: the nested meta is dropped, the numbers and the finish reason stay.
        self.assertEqual(kept[2]["attrs"], {"completion_tokens": 812, "e2e_latency": 3.7, "finish_reason": "stop"})
        self.assertNotIn("trace_id", kept[0])
        self.assertLess(len(json.dumps(r["trace"])), 700)

    def test_huge_traces_are_capped_and_say_so(self):
        sample = recipe_sample(0, 0, 1.0)
        sample.trace = {"events": [{"type": "event", "name": "tick", "ts": float(i)} for i in range(1000)]}
        tap, out = new_tap()
        tap.sample_hook(args(), sample, rollout_id=0)
        (r,) = out.records()
        self.assertEqual((len(r["trace"]["events"]), r["trace"]["dropped"]), (256, 744))
        sample.trace = "not a carrier"
        tap.sample_hook(args(), sample, rollout_id=0)
        self.assertNotIn("trace", out.records()[1])

    def test_reward_key_selects_from_a_reward_dict(self):
        tap, out = new_tap()
        tap.sample_hook(args(reward_key="acc"), Sample(reward={"reward": 0.5, "acc": 1}), rollout_id=0)
        self.assertEqual(out.records()[0]["reward"], 1.0)

    def test_samples_without_slime_ids_are_numbered_in_arrival_order(self):
        tap, out = new_tap()
        for _ in range(3):
            tap.sample_hook(args(), Sample(index=9, metadata={"task_id": "9"}, reward=0.0), rollout_id=2)
        self.assertEqual([(r["group"], r["index"]) for r in out.records()], [(9, 0), (9, 1), (9, 2)])

    def test_template_text_prompt_and_flat_multi_turn_response(self):
        tap, out = new_tap()
        sample = Sample(
            prompt="<|im_start|>system\nS<|im_end|>\n<|im_start|>user\nQ<|im_end|>\n<|im_start|>assistant\n",
            response="A1<|im_end|>\n<|im_start|>user\n<tool_response>\nR\n</tool_response><|im_end|>\n<|im_start|>assistant\nA2",
            status=Status.COMPLETED,
            reward=1.0,
        )
        tap.sample_hook(args(), sample, rollout_id=0)
        r = out.records()[0]
        self.assertEqual(r["turnsFrom"], "text")
        self.assertEqual(
            [(m["role"], m["content"]) for m in r["messages"]],
            [("system", "S"), ("user", "Q"), ("assistant", "A1"), ("tool", "R"), ("assistant", "A2")],
        )


class LossMaskTurns(unittest.TestCase):
    def test_runs_of_the_loss_mask_decode_into_trainable_and_environment_turns(self):
        a1 = '<tool_call>\n{"name": "f", "arguments": {}}\n</tool_call><|im_end|>'
        env = "\n<|im_start|>user\n<tool_response>\nok\n</tool_response><|im_end|>\n<|im_start|>assistant\n"
        a2 = "Done.<|im_end|>"
        response = encode(a1) + encode(env) + encode(a2)
        mask = [1] * len(a1) + [0] * len(env) + [1] * len(a2)
        prompt = [{"role": "user", "content": "do f"}]
        tap, out = new_tap(tokenizer_loader=lambda path: CharTokenizer())
        sample = Sample(prompt=prompt, tokens=encode("PROMPT") + response, response_length=len(response), loss_mask=mask, status="completed", reward=1.0)
        tap.sample_hook(args(hf_checkpoint="/models/Qwen3-4B"), sample, rollout_id=1)
        r = out.records()[0]
        self.assertEqual(r["turnsFrom"], "loss_mask")
        self.assertEqual(
            [(m["role"], m["content"], m["trainable"]) for m in r["messages"]],
            [
                ("user", "do f", False),
                ("assistant", a1[: -len("<|im_end|>")], True),
                ("tool", "ok", False),
                ("assistant", "Done.", True),
            ],
        )

    def test_a_whole_chat_prompt_is_not_repeated_by_its_response_tokens(self):
        # The tau2 recipe: `prompt` is the whole chat; tokens are its chat template and the response is
        # everything from the first assistant reply on (MultiTurnLossMaskGenerator).
        chat = [
            {"role": "system", "content": "S"},
            {"role": "user", "content": "Q"},
            {"role": "assistant", "content": "A1"},
            {"role": "user", "content": "Tool result for f(): ok"},
            {"role": "assistant", "content": "A2"},
        ]
        head = "<|im_start|>system\nS<|im_end|>\n<|im_start|>user\nQ<|im_end|>\n<|im_start|>assistant\n"
        a1, env, a2 = "A1<|im_end|>", "\n<|im_start|>user\nTool result for f(): ok<|im_end|>\n<|im_start|>assistant\n", "A2<|im_end|>"
        response = encode(a1) + encode(env) + encode(a2)
        mask = [1] * len(a1) + [0] * len(env) + [1] * len(a2)
        sample = Sample(prompt=chat, tokens=encode(head) + response, response_length=len(response), loss_mask=mask, status="completed", reward=1.0)
        tap, out = new_tap(tokenizer_loader=lambda path: CharTokenizer())
        tap.sample_hook(args(hf_checkpoint="/models/Qwen3-4B"), sample, rollout_id=0)
        r = out.records()[0]
        self.assertEqual(r["turnsFrom"], "loss_mask")
        self.assertEqual(
            [(m["role"], m["content"], m["trainable"]) for m in r["messages"]],
            [("system", "S", False), ("user", "Q", False), ("assistant", "A1", True), ("user", "Tool result for f(): ok", False), ("assistant", "A2", True)],
        )

    def test_a_broken_tokenizer_falls_back_to_the_chat_and_is_counted_once(self):
        def broken(path):
            raise OSError("no tokenizer.json")

        tap, out = new_tap(tokenizer_loader=broken)
        for i in range(3):
            tap.sample_hook(args(hf_checkpoint="/models/x"), recipe_sample(0, i, 0.0), rollout_id=0)
        kinds = [r["kind"] for r in out.records()]
        self.assertEqual(kinds, ["tap", "sample", "sample", "sample"])
        self.assertEqual(tap.errors, {"tokenizer": 1})
        self.assertEqual(out.records()[1]["turnsFrom"], "messages")

    def test_template_messages_drop_generation_prompts_and_stray_text(self):
        self.assertEqual(template_messages("<|im_end|>\n<|im_start|>assistant\n"), [])
        self.assertEqual(
            template_messages("<|im_start|>user\nsee <tool_response>x</tool_response><|im_end|>"),
            [{"role": "user", "content": "see <tool_response>x</tool_response>"}],
        )
        self.assertEqual(messages_from_loss_mask("", encode("ab"), [1, 1], CharTokenizer().decode)[0]["content"], "ab")


class StepRecords(unittest.TestCase):
    def test_step_record_has_metrics_and_each_samples_final_rewards(self):
        tap, out = new_tap()
        samples = [recipe_sample(0, 0, 1.0), recipe_sample(0, 1, 0.0, status=Status.TRUNCATED)]
        for s in samples:
            tap.sample_hook(args(), s, rollout_id=3)
        self.assertIs(tap.log_rollout(3, args(), [samples], {"perf/x": 2, "bad": float("nan"), "s": "str"}, 12.5), False)
        step = out.records()[-1]
        self.assertEqual((step["kind"], step["step"], step["evaluation"]), ("step", 3, False))
        self.assertEqual(
            step["metrics"],
            {"perf/x": 2.0, "rollout/raw_reward": 0.5, "rollout/response_len/mean": 20.0, "rollout/truncated_ratio": 0.5, "perf/rollout_time": 12.5},
        )
        self.assertEqual(step["rewards"], [{"group": 0, "index": 0, "raw": 1.0, "shaped": 1.125}, {"group": 0, "index": 1, "raw": 0.0, "shaped": 0.125}])
        self.assertEqual((tap.samples, tap.steps), (2, 1))

    def test_eval_step_record(self):
        tap, out = new_tap()
        data = {"tau2-test": {"rewards": [1, 0, 1, 1], "truncated": [False] * 4}}
        self.assertIs(tap.log_eval_rollout(4, args(), data, {"eval/extra": 1}), False)
        r = out.records()[0]
        self.assertEqual((r["step"], r["evaluation"], r["metrics"]), (4, True, {"eval/extra": 1.0, "eval/tau2-test": 0.75}))


    def test_declared_reward_range_rides_on_every_step_record(self):
        tap, out = new_tap()
        with mock.patch.dict(os.environ, {"ROLLOUT_STUDIO_REWARD_RANGE": "0,1"}):
            tap.log_rollout(1, args(), [recipe_sample(0, 0, 1.0)], None, None)
            tap.log_eval_rollout(1, args(), {}, None)
        self.assertEqual([r["rewardRange"] for r in out.records()], [[0.0, 1.0], [0.0, 1.0]])

    def test_a_malformed_reward_range_is_counted_and_the_step_still_written(self):
        tap, out = new_tap()
        with mock.patch.dict(os.environ, {"ROLLOUT_STUDIO_REWARD_RANGE": "1,0"}):
            tap.log_rollout(1, args(), [], None, None)
        self.assertEqual(tap.errors, {"reward_range": 1})
        kinds = [r["kind"] for r in out.records()]
        self.assertIn("step", kinds)
        self.assertNotIn("rewardRange", [r for r in out.records() if r["kind"] == "step"][0])


class SlimeCallOrder(unittest.TestCase):
    """Driven through slime's own order (slime_rollout.py): hook, then reward, then the log functions."""

    def run_slime(self, generate, reward_model, group_filter=None, eval_prompts=None, steps=1):
        tap, out = new_tap()
        run_args = args(
            n_samples_per_prompt=3,
            rollout_sample_hook_path=["rollout_studio_tap.sample_hook"],
            custom_rollout_log_function_path="rollout_studio_tap.log_rollout",
            custom_eval_rollout_log_function_path="rollout_studio_tap.log_eval_rollout",
        )
        prompts = [f"task {g}" for g in range(5)]
        manager = RolloutManager(run_args, prompts, generate, reward_model, group_filter, eval_prompts)
        with mock.patch.object(tap_module, "_TAP", tap):
            for step in range(steps):
                manager.generate(step)
                manager.eval(step)
        return tap, out.records()

    @staticmethod
    async def generate(args, sample):
        g, k = sample.group_index, sample.index % 3
        sample.response = f"answer {g}.{k}"
        sample.status = Status.TRUNCATED if (g, k) == (4, 2) else Status.COMPLETED
        return sample

    @staticmethod
    async def reward_model(args, sample):
        # 6 of the 15 samples succeed: groups 0 and 1 wholly, none of 2 and 3, and none of 4.
        return 1.0 if sample.group_index in (0, 1) else 0.0

    def test_every_sample_carries_the_reward_slime_computed_after_the_hook(self):
        tap, records = self.run_slime(self.generate, self.reward_model)
        samples = [r for r in records if r["kind"] == "sample"]
        self.assertEqual(len(samples), 15)
        self.assertEqual(sum(1 for r in samples if r["reward"] == 1.0), 6)
        self.assertTrue(all(r["reward"] is not None for r in samples))
        self.assertEqual({(r["group"], r["index"]) for r in samples}, {(g, k) for g in range(5) for k in range(3)})
        # The step record comes after its samples, and its rewards agree with theirs.
        kinds = [r["kind"] for r in records]
        self.assertEqual(kinds, ["sample"] * 15 + ["step", "step"])
        step = records[15]
        by_position = {(r["group"], r["index"]): r["reward"] for r in samples}
        self.assertEqual({(e["group"], e["index"]): e["raw"] for e in step["rewards"]}, by_position)
        self.assertEqual(step["metrics"]["rollout/raw_reward"], 0.4)
        self.assertEqual(tap.errors, {})

    def test_samples_a_filter_drops_are_written_with_their_reward_and_left_out_of_the_step(self):
        def nonzero_std(group):
            return len({s.reward for s in group}) > 1

        async def reward_model(args, sample):
            return float(sample.index % 3 == 0) if sample.group_index == 2 else 1.0

        _, records = self.run_slime(self.generate, reward_model, group_filter=nonzero_std)
        samples = [r for r in records if r["kind"] == "sample"]
        self.assertEqual(len(samples), 15)
        self.assertTrue(all(r["reward"] is not None for r in samples))
        step = next(r for r in records if r["kind"] == "step")
        self.assertEqual(sorted((e["group"], e["index"]) for e in step["rewards"]), [(2, 0), (2, 1), (2, 2)])

    def test_a_recipe_reward_known_at_the_hook_streams_at_once_and_aborted_samples_need_none(self):
        written_before = []

        async def generate(args, sample):
            # What the tap had written when this sample's generation began.
            written_before.append(tap_module._TAP.samples)
            sample.response = "r"
            if sample.group_index == 0:
                sample.status = Status.ABORTED
            else:
                sample.status, sample.reward = Status.COMPLETED, 0.5
            return sample

        async def no_reward_model(args, sample):
            raise AssertionError("slime does not reward these")

        _, records = self.run_slime(generate, no_reward_model)
        # Each sample was written by its own hook call, before the next one began and the step was logged.
        self.assertEqual(written_before, list(range(15)))
        samples = [r for r in records if r["kind"] == "sample"]
        self.assertEqual({r["status"] for r in samples if r["group"] == 0}, {"aborted"})
        self.assertEqual({r["reward"] for r in samples if r["group"] != 0}, {0.5})

    def test_eval_samples_get_their_reward_and_the_eval_step_follows(self):
        _, records = self.run_slime(self.generate, self.reward_model, eval_prompts={"dev": ["e0", "e1"]}, steps=2)
        evals = [r for r in records if r["kind"] == "sample" and r["evaluation"]]
        self.assertEqual([(r["step"], r["reward"]) for r in evals], [(0, 0.0), (0, 0.0), (1, 0.0), (1, 0.0)])
        kinds = [(r["kind"], r["evaluation"]) for r in records]
        # Per step: 15 train samples, the train step, 2 eval samples, the eval step.
        one = [("sample", False)] * 15 + [("step", False)] + [("sample", True)] * 2 + [("step", True)]
        self.assertEqual(kinds, one + one)

    def test_samples_no_log_function_receives_are_written_when_the_next_step_starts(self):
        tap, out = new_tap()
        first = Sample(group_index=0, index=0, status=Status.COMPLETED)
        tap.sample_hook(args(), first, rollout_id=0)
        self.assertEqual(out.records(), [])
        first.reward = 1.0
        tap.sample_hook(args(), Sample(group_index=0, index=0, status=Status.COMPLETED), rollout_id=1)
        self.assertEqual([(r["step"], r["reward"]) for r in out.records()], [(0, 1.0)])
        tap.write_unrewarded()
        self.assertEqual([(r["step"], r["reward"]) for r in out.records()], [(0, 1.0), (1, None)])


class NeverRaises(unittest.TestCase):
    def test_write_errors_are_counted_reported_and_recovered_from(self):
        opener = Opener(fail_opens=1, fail_writes=2)
        tap, out = new_tap(opener)
        for i in range(4):
            self.assertIsNone(tap.sample_hook(args(), recipe_sample(1, 2 + i % 2, 1.0), rollout_id=0))
        # open fails (1), then two writes fail: three samples lost, the fourth written.
        self.assertEqual(tap.errors, {"write": 3})
        self.assertEqual(tap.samples, 1)
        self.assertIs(tap.log_rollout(0, args(), [], None, None), False)
        kinds = [r["kind"] for r in out.records()]
        self.assertEqual(kinds, ["sample", "step", "tap"])
        status = out.records()[-1]
        self.assertEqual((status["samples"], status["steps"], status["errors"]), (1, 1, {"write": 3}))
        self.assertIn("No space left on device", status["lastError"])

    def test_it_says_once_where_it_writes_and_on_which_host_or_why_it_cannot(self):
        said = []
        tap = Tap(path="/runs/r1/rollouts.jsonl", opener=Opener(fail_opens=2), report=said.append)
        for i in range(4):
            tap.sample_hook(args(), recipe_sample(1, i, 1.0), rollout_id=0)
        host = tap_module.socket.gethostname()
        self.assertEqual(
            said,
            [
                f"Rollout Studio tap: cannot write /runs/r1/rollouts.jsonl on host {host}: "
                "PermissionError: [Errno 13] Permission denied: '/runs/r1/rollouts.jsonl'",
                f"Rollout Studio tap: writing /runs/r1/rollouts.jsonl on host {host} (pid {os.getpid()})",
            ],
        )

        def broken(line):
            raise OSError(5, "stderr is gone")

        quiet = Tap(path="/runs/r2/rollouts.jsonl", opener=Opener(), report=broken)
        self.assertIsNone(quiet.sample_hook(args(), recipe_sample(1, 0, 1.0), rollout_id=0))
        self.assertEqual((quiet.samples, quiet.errors), (1, {}))

    def test_garbage_in_never_raises(self):
        tap, out = new_tap()
        self.assertIsNone(tap.sample_hook(None, object(), rollout_id="x"))
        self.assertIs(tap.log_rollout(None, None, [object(), None], {"a": object()}, "slow"), False)
        self.assertIs(tap.log_eval_rollout(None, None, {"x": None}), False)
        self.assertEqual(tap.errors, {})
        self.assertEqual([r["kind"] for r in out.records()], ["sample", "step", "step"])

    def test_a_failing_record_builder_is_counted_not_raised(self):
        class Exploding:
            reward = 1.0

            @property
            def metadata(self):
                raise RuntimeError("boom")

        tap, out = new_tap()
        self.assertIsNone(tap.sample_hook(args(), Exploding(), rollout_id=0))
        self.assertEqual(tap.errors, {"sample_hook": 1})
        self.assertEqual(out.records()[0]["lastError"], "sample_hook: RuntimeError: boom")


class SlimeImportPaths(unittest.TestCase):
    """slime #2298 moved metric_utils from slime.utils to slime.observability; the tap reads either."""

    def with_fake_slime(self, package):
        with tempfile.TemporaryDirectory() as d:
            pkg = os.path.join(d, "slime", package)
            os.makedirs(pkg)
            for folder in (os.path.join(d, "slime"), pkg):
                open(os.path.join(folder, "__init__.py"), "w").close()
            with open(os.path.join(pkg, "metric_utils.py"), "w") as f:
                f.write("def compute_rollout_step(args, rollout_id):\n    return rollout_id * 10\n")
            sys.path.insert(0, d)
            try:
                tap, out = new_tap()
                tap.log_rollout(3, args(), [], {}, None)
                tap.log_eval_rollout(3, args(), {}, {})
                return [r["metrics"] for r in out.records()]
            finally:
                sys.path.remove(d)
                for name in [m for m in sys.modules if m == "slime" or m.startswith("slime.")]:
                    del sys.modules[name]

    def test_observability_layout(self):
        self.assertEqual(self.with_fake_slime("observability"), [{"rollout/step": 30.0}, {"eval/step": 30.0}])

    def test_utils_layout(self):
        self.assertEqual(self.with_fake_slime("utils"), [{"rollout/step": 30.0}, {"eval/step": 30.0}])


class ModuleHooks(unittest.TestCase):
    def test_module_hooks_append_to_the_configured_file(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "rollouts.jsonl")
            os.environ["ROLLOUT_STUDIO_TAP_OUT"] = path
            try:
                tap_module._TAP = Tap()
                self.assertIsNone(tap_module.sample_hook(args(), recipe_sample(0, 0, 1.0), rollout_id=0, evaluation=False))
                self.assertIs(tap_module.log_rollout(0, args(), [recipe_sample(0, 0, 1.0)], {}, 1.0), False)
                self.assertIs(tap_module.log_eval_rollout(0, args(), {}, {}), False)
                with open(path, encoding="utf-8") as f:
                    lines = f.read().splitlines()
            finally:
                del os.environ["ROLLOUT_STUDIO_TAP_OUT"]
                tap_module._TAP._close()
        self.assertEqual([json.loads(x)["kind"] for x in lines], ["sample", "step", "step"])
        self.assertTrue(all(not math.isnan(json.loads(x)["ts"]) for x in lines))


if __name__ == "__main__":
    unittest.main()
