import type { ReasoningSplit } from './reasoningSplit';
import { pairTags } from './tagScan';
import { report, type TurnContext } from './turnContext';

/**
 * TC009: calls the reasoning parser hides in reasoning_content. An error when the turn then returns no call
 * (the call the model meant is lost), a warning when calls follow `</think>` anyway.
 * Returns whether any was reported.
 */
export function reportHiddenCalls(ctx: TurnContext, split: ReasoningSplit, returnedCalls: number): boolean {
  if (split.reasoningEnd === 0) return false;
  const regions = pairTags(ctx.text, 0, split.reasoningEnd, []).filter((r) => r.kind !== 'stray');
  for (const [i, region] of regions.entries()) {
    report(
      ctx,
      'TC009',
      returnedCalls === 0 ? 'error' : 'warning',
      [region.start, region.end],
      split.closed
        ? 'This call is inside the reasoning (<think>…</think>): the qwen3 reasoning parser puts it in reasoning_content and the tool-call parser never sees it. Write the call after </think>.'
        : 'There is no </think>: the qwen3 reasoning parser puts the whole output in reasoning_content, so this call is never parsed (thinking never ended; cut off by max tokens?). End the reasoning with </think> before the call.',
      // Without a </think> anywhere, one before the first call ends the reasoning there.
      !split.closed && i === 0
        ? {
            title: 'Insert </think> before the call',
            edits: [{ start: region.start, end: region.start, newText: '</think>\n\n' }],
          }
        : undefined,
    );
  }
  return regions.length > 0;
}
