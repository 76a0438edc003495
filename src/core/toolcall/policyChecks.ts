import type { CallSite, DetectorOutcome } from './detectorOutcome';
import { report, type TurnContext } from './turnContext';

/** TC007: more than one call in the turn. */
export function reportMultipleCalls(ctx: TurnContext, sites: readonly CallSite[]): void {
  const singleCall = ctx.profile.policy === 'single-call';
  let seen = 0;
  for (const site of sites) {
    if (site.stray) continue;
    // Under sglang only the call objects SGLang read count; under single-call every block does.
    const units = singleCall ? Math.max(site.calls, 1) : site.calls;
    if (units === 0) continue;
    if (seen + units > 1) {
      report(
        ctx,
        'TC007',
        singleCall ? 'error' : 'warning',
        [site.start, site.end],
        singleCall
          ? 'More than one tool call in the turn: the tau2 recipe allows exactly one <tool_call> block ("Multiple <tool_call> blocks found"), re-prompts once, then drops the sample. Keep one call per turn.'
          : "More than one call in the turn: SGLang returns them all (it does not enforce parallel_tool_calls=false), but agent loops such as slime's tau-bench example execute only the first.",
      );
    }
    seen += units;
  }
}

/**
 * TC008: text outside the calls. Under sglang, text after the first call is discarded once a call parsed;
 * under single-call, any text besides the block (and a think block) breaks the recipe's format.
 */
export function reportTextOutside(ctx: TurnContext, outcome: DetectorOutcome): void {
  const singleCall = ctx.profile.policy === 'single-call';
  const structure = outcome.sites;
  let from: number;
  if (singleCall) {
    if (!structure.some((s) => !s.stray)) return; // TC012 says it all
    from = thinkBlockEnd(ctx);
  } else {
    if (outcome.threw || outcome.calls.length === 0 || outcome.discardFrom === -1) return;
    from = outcome.discardFrom;
  }
  let cursor = from;
  const gaps: [number, number][] = [];
  for (const site of structure) {
    if (site.end <= cursor) continue;
    if (site.start > cursor) gaps.push([cursor, site.start]);
    cursor = Math.max(cursor, site.end);
  }
  gaps.push([cursor, ctx.text.length]);
  for (const [s, e] of gaps) {
    const range = trimmed(ctx.text, s, e);
    if (range === undefined) continue;
    report(
      ctx,
      'TC008',
      singleCall ? 'error' : 'warning',
      range,
      singleCall
        ? 'Text outside the <tool_call> block: the tau2 recipe rejects it ("Unexpected text outside <tool_call> block"). Send text to the user through the respond tool.'
        : 'Text after the first call is discarded: SGLang returns only the text before the first <tool_call> as content. Move this text before the call.',
    );
  }
}

/** TC012: under single-call, a turn with no tool call at all. */
export function reportNoCall(ctx: TurnContext, sites: readonly CallSite[]): void {
  if (ctx.profile.policy !== 'single-call' || sites.some((s) => !s.stray)) return;
  const range = trimmed(ctx.text, ctx.from, ctx.text.length) ?? [0, ctx.text.length];
  report(
    ctx,
    'TC012',
    'error',
    range,
    'No tool call in this turn: the tau2 recipe expects exactly one <tool_call> block per assistant turn ("Missing <tool_call>...</tool_call> block"). Wrap text for the user in a respond call, or end with done.',
  );
}

/** Under single-call a leading think block is allowed; it is hidden already when the reasoning parser is on. */
function thinkBlockEnd(ctx: TurnContext): number {
  if (ctx.from > 0) return ctx.from;
  const text = ctx.text;
  const lead = text.length - text.trimStart().length;
  if (!text.startsWith('<think>', lead)) return 0;
  const end = text.indexOf('</think>', lead);
  return end === -1 ? 0 : end + '</think>'.length;
}

function trimmed(text: string, s: number, e: number): [number, number] | undefined {
  let a = s;
  let b = e;
  while (a < b && /\s/.test(text[a] ?? '')) a++;
  while (b > a && /\s/.test(text[b - 1] ?? '')) b--;
  return a < b ? [a, b] : undefined;
}
