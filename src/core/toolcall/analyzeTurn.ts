import type { DetectorOutcome } from './detectorOutcome';
import { detectHermes } from './hermesDetector';
import { reportMultipleCalls, reportNoCall, reportTextOutside } from './policyChecks';
import { detectQwen25 } from './qwen25Detector';
import { detectQwen3Coder } from './qwen3CoderDetector';
import { reportHiddenCalls } from './reasoningChecks';
import { splitReasoning } from './reasoningSplit';
import type { TurnContext } from './turnContext';
import type { Profile, ToolCallParserName, ToolSpec, TurnAnalysis } from './types';

const DETECTORS: Record<ToolCallParserName, (ctx: TurnContext) => DetectorOutcome> = {
  qwen25: detectQwen25,
  hermes: detectHermes,
  qwen3_coder: detectQwen3Coder,
};

const toolIndexes = new WeakMap<readonly ToolSpec[], Map<string, ToolSpec>>();

/**
 * Reads one assistant turn's raw text the way SGLang's non-streaming chat completion does (reasoning split
 * first, then the tool-call parser) and reports what is wrong with it. `tools` undefined means the tools
 * offered to the turn are unknown: every name is taken as offered and arguments are not checked.
 */
export function analyzeTurn(
  text: string,
  opts: { profile: Profile; tools?: ToolSpec[]; finishReason?: 'stop' | 'length' },
): TurnAnalysis {
  const { profile } = opts;
  const finishReason = opts.finishReason ?? 'stop';
  const split = splitReasoning(text, profile.reasoningParser);
  const ctx: TurnContext = {
    text,
    from: split.normalStart,
    profile,
    tools: opts.tools === undefined ? undefined : toolIndex(opts.tools),
    finishReason,
    diagnostics: [],
  };
  const outcome = DETECTORS[profile.parser](ctx);
  // SGLang runs the tool-call parser only when the request offers tools.
  const parserRuns = opts.tools === undefined || opts.tools.length > 0;
  const calls = parserRuns && !outcome.threw ? outcome.calls : [];
  const content = calls.length > 0 ? outcome.normalText : text.slice(split.normalStart);
  const rewritten = finishReason === 'stop' && parserRuns && outcome.triggered && !outcome.threw;

  reportMultipleCalls(ctx, outcome.sites);
  reportTextOutside(ctx, outcome);
  const hidden = profile.reasoningParser === 'qwen3' && reportHiddenCalls(ctx, split, calls.length);
  if (!hidden) reportNoCall(ctx, outcome.sites);
  ctx.diagnostics.sort((a, b) => a.start - b.start || a.end - b.end);

  return {
    verdict: {
      parser: profile.parser,
      reasoningParser: profile.reasoningParser,
      content: content === '' ? null : content,
      reasoning: split.reasoning,
      calls: calls.map((c) => ({ name: c.name, arguments: c.arguments })),
      finishReason: rewritten ? 'tool_calls' : finishReason,
    },
    diagnostics: ctx.diagnostics,
    calls,
  };
}

function toolIndex(tools: readonly ToolSpec[]): Map<string, ToolSpec> {
  let index = toolIndexes.get(tools);
  if (index === undefined) {
    index = new Map(tools.map((t) => [t.name, t]));
    toolIndexes.set(tools, index);
  }
  return index;
}
