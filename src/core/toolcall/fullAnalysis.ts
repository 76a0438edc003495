import type { DetectorOutcome } from './detectorOutcome';
import { detectHermes } from './hermesDetector';
import { reportMultipleCalls, reportNoCall, reportTextOutside } from './policyChecks';
import { detectQwen25 } from './qwen25Detector';
import { detectQwen3Coder } from './qwen3CoderDetector';
import { reportHiddenCalls } from './reasoningChecks';
import { splitReasoning } from './reasoningSplit';
import { hasChange, sglangReleaseNote } from './sglangRelease';
import { toolIndex } from './toolIndex';
import type { TurnContext } from './turnContext';
import type { Profile, ToolCallParserName, ToolSpec, TurnAnalysis } from './types';

const DETECTORS: Record<ToolCallParserName, (ctx: TurnContext) => DetectorOutcome> = {
  qwen25: detectQwen25,
  hermes: detectHermes,
  qwen3_coder: detectQwen3Coder,
};

export interface AnalyzeOptions {
  profile: Profile;
  /** undefined: the tools offered to the turn are unknown, so every name is taken as offered. */
  tools?: ToolSpec[];
  finishReason?: 'stop' | 'length';
}

/** The full reading of a turn, whatever its shape. analyzeTurn tries a cheaper reading of clean turns first. */
export function analyzeTurnFully(text: string, opts: AnalyzeOptions): TurnAnalysis {
  const { profile } = opts;
  const finishReason = opts.finishReason ?? 'stop';
  const split = splitReasoning(text, profile.reasoningParser, profile.forceReasoning, profile.sglang);
  const ctx: TurnContext = {
    // Before 0.5.13 the tool-call parser gets the text with trailing whitespace stripped: a prefix, so
    // every offset still points into the turn.
    text: split.normalEnd < text.length ? text.slice(0, split.normalEnd) : text,
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
  const release = profile.sglang;
  const parsed = parserRuns && outcome.triggered && !outcome.threw;
  const noCall = parsed && calls.length === 0 && hasChange(release, 'noCallKeepsNormalText');
  const content = calls.length > 0 || noCall ? outcome.normalText : ctx.text.slice(split.normalStart);
  const rewritten =
    finishReason === 'stop' &&
    parserRuns &&
    outcome.triggered &&
    !noCall &&
    (!outcome.threw || !hasChange(release, 'finishRestoredOnRaise'));

  reportMultipleCalls(ctx, outcome.sites);
  reportTextOutside(ctx, outcome);
  const hidden = profile.reasoningParser === 'qwen3' && reportHiddenCalls(ctx, split, calls.length);
  if (!hidden) reportNoCall(ctx, outcome.sites);
  ctx.diagnostics.sort((a, b) => a.start - b.start || a.end - b.end);

  const note = sglangReleaseNote(release);
  return {
    verdict: {
      ...(note === undefined ? {} : { sglangNote: note }),
      parser: profile.parser,
      reasoningParser: profile.reasoningParser,
      content: content === '' ? null : content,
      reasoning: split.reasoning,
      calls: calls.map((c) =>
        c.argumentsJson === undefined
          ? { name: c.name, arguments: c.arguments }
          : { name: c.name, arguments: c.arguments, argumentsJson: c.argumentsJson },
      ),
      finishReason: rewritten ? 'tool_calls' : finishReason,
    },
    diagnostics: ctx.diagnostics,
    calls,
  };
}
