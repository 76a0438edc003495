"""SGLang's own verdict on tool-call texts, from an installed release's parser modules.

Usage: python3 sglang_verdict.py [<release folder>]
  <release folder>: a `pip install --no-deps --target` of one sglang wheel (the test suite's oracle);
  without it, the sglang this python imports (Rollout Studio's "Check with the box's SGLang").

Reads one JSON case a line on stdin: {id, parser, reasoning_parser, force_reasoning, tools, text}.
Writes one JSON line per case: {id, reasoning, normal_text, calls: [{name, arguments}] or null, raised,
error}: what the server's non-streaming chat completion makes of the text (serving_chat's
_process_tool_calls around the detector: a detector that raises leaves the text as it was and returns no
calls, `raised` says why). `arguments` is the exact `function.arguments` string SGLang would send; `error`
is set when the case itself could not be run (a release without that parser). When SGLang cannot be
loaded at all, the one line written is {problem: "no-sglang" | "import-error", message}.

Only the parser modules are loaded. SGLang's package __init__ and `sglang.utils` import torch, numpy and
the like; the parsers need none of that, so those two modules are replaced by empty ones before import.
"""

import importlib
import json
import logging
import os
import sys
import types


def find_root():
    """The folder that holds the importable sglang package, without importing it (its __init__ needs torch)."""
    import importlib.util

    spec = importlib.util.find_spec("sglang")
    if spec is None or not spec.submodule_search_locations:
        return None
    return os.path.dirname(list(spec.submodule_search_locations)[0])


def release_version(root):
    import importlib.metadata

    try:
        return importlib.metadata.version("sglang")
    except importlib.metadata.PackageNotFoundError:
        for entry in os.listdir(root):
            if entry.startswith("sglang-") and entry.endswith(".dist-info"):
                return entry[len("sglang-") : -len(".dist-info")]
    return None


def load(root):
    sys.path.insert(0, root)
    package = types.ModuleType("sglang")
    package.__path__ = [os.path.join(root, "sglang")]
    sys.modules["sglang"] = package
    # protocol.py imports convert_json_schema_to_str for request building, which the parsers never reach.
    utils = types.ModuleType("sglang.utils")
    utils.convert_json_schema_to_str = json.dumps
    sys.modules["sglang.utils"] = utils
    # Newer reasoning parsers import the tokenizer base class for type hints only.
    transformers = types.ModuleType("transformers")
    transformers.PreTrainedTokenizerBase = type("PreTrainedTokenizerBase", (), {})
    sys.modules.setdefault("transformers", transformers)

    from sglang.srt.entrypoints.openai.protocol import Tool

    # function_call_parser imports every detector; a few of those need native packages (xgrammar) that
    # the detectors compared here never touch. Those become empty stand-ins, so the release's own
    # FunctionCallParser.parse_non_stream runs as the server calls it.
    parser_module = import_with_stand_ins("sglang.srt.function_call.function_call_parser")
    FunctionCallParser = parser_module.FunctionCallParser

    try:
        from sglang.srt.parser.reasoning_parser import ReasoningParser
    except ModuleNotFoundError:
        from sglang.srt.reasoning_parser import ReasoningParser
    try:
        from sglang.srt.function_call.utils import normalize_json_schema_types
    except ImportError:
        normalize_json_schema_types = None
    return Tool, FunctionCallParser, ReasoningParser, normalize_json_schema_types


class StandIn(types.ModuleType):
    """An importable empty module: any name imported from it is a fresh empty class."""

    __path__ = []

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return type(name, (), {})


def import_with_stand_ins(name):
    while True:
        try:
            return importlib.import_module(name)
        except ModuleNotFoundError as e:
            missing = e.name
            if not missing or missing.split(".")[0] == "sglang" or missing in sys.modules:
                raise
            sys.modules[missing] = StandIn(missing)


def verdict(case, Tool, FunctionCallParser, ReasoningParser, normalize):
    text = case["text"]
    reasoning = None
    if case.get("reasoning_parser", "none") != "none":
        kwargs = {"model_type": case["reasoning_parser"], "stream_reasoning": False}
        if case.get("force_reasoning"):
            kwargs["force_reasoning"] = True
        reasoning, text = ReasoningParser(**kwargs).parse_non_stream(text)
    tools = []
    for spec in case["tools"]:
        tool = Tool(**spec)
        # The server rewrites DB-style type names in the request's schemas where a release does so.
        if normalize is not None and tool.function.parameters is not None:
            normalize(tool.function.parameters)
        tools.append(tool)
    calls = None
    # serving_chat._process_tool_calls: the parser runs only with tools and when it sees a call start; a
    # parser that raises leaves the text as it was and returns no calls.
    if tools:
        if case["parser"] not in FunctionCallParser.ToolCallParserEnum:
            raise LookupError(f"this release has no {case['parser']} tool-call parser")
        parser = FunctionCallParser(tools, case["parser"])
        if parser.has_tool_call(text):
            try:
                text, items = parser.parse_non_stream(text)
            except Exception as e:
                return {"reasoning": reasoning, "normal_text": text, "calls": None, "raised": repr(e)}
            calls = [{"name": c.name, "arguments": c.parameters} for c in items]
    return {"reasoning": reasoning, "normal_text": text, "calls": calls, "raised": None}


def main():
    # The parsers log every degraded value; the verdicts say all of it.
    logging.disable(logging.CRITICAL)
    root = sys.argv[1] if len(sys.argv) > 1 else find_root()
    if root is None:
        print(json.dumps({"problem": "no-sglang", "message": f"{sys.executable} cannot import sglang"}))
        return
    try:
        loaded = load(root)
    except Exception as e:
        message = f"{type(e).__name__}: {e}"
        print(json.dumps({"problem": "import-error", "message": message, "version": release_version(root)}))
        return
    version = release_version(root)
    for line in sys.stdin:
        if not line.strip():
            continue
        case = json.loads(line)
        out = {"id": case.get("id"), "version": version}
        try:
            out.update(verdict(case, *loaded))
            out["error"] = None
        except Exception as e:  # the verdict of a parser that throws is the error itself
            out["error"] = f"{type(e).__name__}: {e}"
        sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
