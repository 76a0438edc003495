import { pyJsonLoads } from './pyJsonLoads';
import { pyStripRange } from './pythonText';
import { CLOSE, OPEN, type TagRegion } from './tagScan';
import { report, type TurnContext } from './turnContext';
import type { TextEdit } from './types';

/** TC011: a `</tool_call>` with nothing open. An error when what precedes it looks like a call. */
export function reportStray(ctx: TurnContext, close: number, segmentStart: number): void {
  const before = ctx.text.slice(segmentStart, close);
  const looksLikeCall = before.includes('"name"') || before.includes('<function=');
  report(
    ctx,
    'TC011',
    looksLikeCall ? 'error' : 'warning',
    [close, close + CLOSE.length],
    looksLikeCall
      ? 'A </tool_call> with no opening tag: the call before it lacks its <tool_call>, so SGLang never sees it as a call. Add <tool_call> (and a newline) before the call.'
      : 'A stray </tool_call> with no opening tag: SGLang leaves it in the text as is. Remove it.',
  );
}

/** The JSON an unclosed call holds, if closing the tag would make it a complete call. */
export function closableJsonEnd(ctx: TurnContext, region: { open: number; end: number }): number | undefined {
  const [s, e] = pyStripRange(ctx.text, region.open + OPEN.length, region.end);
  if (e <= s || !pyJsonLoads(ctx.text.slice(s, e)).ok) return undefined;
  return e;
}

/** Whether an unclosed region is where the output stopped because max tokens ran out. */
export function cutByLength(ctx: TurnContext, region: TagRegion): boolean {
  return ctx.finishReason === 'length' && region.end === ctx.text.length;
}

export function closeTagFix(edits: TextEdit[]): { title: string; edits: TextEdit[] } {
  return { title: 'Close the tool call with </tool_call>', edits };
}
