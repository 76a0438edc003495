import type { AnalyzeOptions } from './fullAnalysis';
import { pyJsonDumps } from './pyJsonDumps';
import { mayLoseNumbers, pyJsonTree, pyTreeDumps } from './pyJsonExact';
import { tryJsonParse } from './pyJsonLoads';
import { isPlainObject, pyStripRange } from './pythonText';
import { splitReasoning, type ReasoningSplit } from './reasoningSplit';
import { argumentsValid } from './schemaCheck';
import { sglangReleaseNote } from './sglangRelease';
import { toolIndex } from './toolIndex';
import type { TurnAnalysis } from './types';

const OPEN = '<tool_call>';
const CLOSE = '</tool_call>';

/** What the clean reading found in a turn: no tool-call tag at all, or one well-formed call. */
type CleanTurn =
  | { kind: 'plain'; split: ReasoningSplit }
  | {
      kind: 'call';
      split: ReasoningSplit;
      /** The `<tool_call>` tag's offset and the `</tool_call>` tag's. */
      first: number;
      close: number;
      /** The call's JSON, stripped, and the text before the call, stripped. */
      json: [number, number];
      content: [number, number];
      name: string;
      args: unknown;
    };

/**
 * The readings of the turns most dataset turns are: (reasoning, text,) one well-formed qwen25 block holding
 * a valid call to an offered tool, and nothing after it; or, under the sglang policy, no tool-call tag at
 * all. They give exactly what the full analysis gives, at a fraction of the cost, and return undefined for
 * anything else, which the full analysis then reads.
 */
export function analyzeCleanTurn(text: string, opts: AnalyzeOptions): TurnAnalysis | undefined {
  const clean = readCleanTurn(text, opts);
  if (clean === undefined) return undefined;
  if (clean.kind === 'plain') return plainTurn(text, opts, clean.split);
  const { profile } = opts;
  const { split, first, close, json, content, name, args } = clean;
  const finishReason = opts.finishReason ?? 'stop';
  const verdictCall: { name: string; arguments: unknown; argumentsJson?: string } = { name, arguments: args };
  const exact = exactArguments(text.slice(json[0], json[1]), args);
  if (exact !== undefined) verdictCall.argumentsJson = exact;
  return {
    verdict: {
      ...releaseNote(profile.sglang),
      parser: profile.parser,
      reasoningParser: profile.reasoningParser,
      content: content[1] > content[0] ? text.slice(content[0], content[1]) : null,
      reasoning: split.reasoning,
      calls: [verdictCall],
      finishReason: finishReason === 'stop' ? 'tool_calls' : finishReason,
    },
    diagnostics: [],
    calls: [{ ...verdictCall, start: first, end: close + CLOSE.length }],
  };
}

/**
 * Whether the clean reading covers the turn, which then has no diagnostics: all that counting them needs,
 * without building the verdict (half the cost of a clean turn).
 */
export function isCleanTurn(text: string, opts: AnalyzeOptions): boolean {
  return readCleanTurn(text, opts) !== undefined;
}

function readCleanTurn(text: string, opts: AnalyzeOptions): CleanTurn | undefined {
  const { profile, tools } = opts;
  if (profile.parser !== 'qwen25') return undefined;
  const split = splitReasoning(text, profile.reasoningParser, profile.forceReasoning, profile.sglang);
  const first = text.indexOf(OPEN);
  if (first === -1) {
    // A stray `</tool_call>` is left to the full analysis, which reports it.
    return profile.policy === 'sglang' && !text.includes(CLOSE) ? { kind: 'plain', split } : undefined;
  }
  if (tools?.length === 0) return undefined;
  if (first < split.normalStart || text.charCodeAt(first + OPEN.length) !== 0x0a) return undefined;
  const close = text.indexOf(CLOSE);
  if (close < first || text.charCodeAt(close - 1) !== 0x0a || close - 1 <= first + OPEN.length)
    return undefined;
  if (text.indexOf(OPEN, first + 1) !== -1 || text.indexOf(CLOSE, close + 1) !== -1) return undefined;
  if (!blankFrom(text, close + CLOSE.length)) return undefined;
  const content = pyStripRange(text, split.normalStart, first);
  if (profile.policy === 'single-call' && content[1] > content[0]) return undefined;

  const json = pyStripRange(text, first + OPEN.length + 1, close - 1);
  const parsed = tryJsonParse(text.slice(json[0], json[1]));
  if (!parsed.ok) return undefined;
  const call = parsed.value;
  if (!isPlainObject(call) || Object.hasOwn(call, 'parameters')) return undefined;
  const name = call.name;
  const args = Object.hasOwn(call, 'arguments') ? call.arguments : {};
  if (typeof name !== 'string' || name === '' || !isPlainObject(args)) return undefined;
  let calledName = name;
  if (tools !== undefined) {
    const tool = toolIndex(tools).get(name);
    if (tool === undefined || !argumentsValid(tool, args)) return undefined;
    // The same characters, in the string every call of this tool shares rather than one kept per turn.
    calledName = tool.name;
  }
  return { kind: 'call', split, first, close, json, content, name: calledName, args };
}

/** Python's json.dumps of the arguments where it differs from what the parsed value says (readJsonCalls). */
function exactArguments(json: string, args: unknown): string | undefined {
  if (!mayLoseNumbers(json)) return undefined;
  const tree = pyJsonTree(json);
  const exact = tree instanceof Map ? tree.get('arguments') : undefined;
  if (exact === undefined) return undefined;
  const text = pyTreeDumps(exact);
  return text === pyJsonDumps(args) ? undefined : text;
}

/** A turn with no `<tool_call>`: the parser finds nothing, so the text after the reasoning is the content, unstripped. */
function plainTurn(text: string, opts: AnalyzeOptions, split: ReasoningSplit): TurnAnalysis {
  const content = text.slice(split.normalStart, split.normalEnd);
  return {
    verdict: {
      ...releaseNote(opts.profile.sglang),
      parser: opts.profile.parser,
      reasoningParser: opts.profile.reasoningParser,
      content: content === '' ? null : content,
      reasoning: split.reasoning,
      calls: [],
      finishReason: opts.finishReason ?? 'stop',
    },
    diagnostics: [],
    calls: [],
  };
}

function releaseNote(release: string | undefined): { sglangNote?: string } {
  const note = sglangReleaseNote(release);
  return note === undefined ? {} : { sglangNote: note };
}

/** Whether text[from:] is all whitespace, as the full analysis's /\s/ trimming sees it. */
function blankFrom(text: string, from: number): boolean {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) continue;
    if (c < 0x80 || !/\s/.test(text[i] ?? '')) return false;
  }
  return true;
}
