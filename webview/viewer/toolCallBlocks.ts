import type { Diagnostic, ParsedCall, TurnAnalysis } from '../../src/core/toolcall/types';

/** One `<tool_call>` block the model wrote, with what SGLang made of it. */
export interface CallBlock {
  start: number;
  end: number;
  /** The call SGLang returns for this block; undefined when the block was dropped. */
  parsed: ParsedCall | undefined;
  diagnostics: Diagnostic[];
  closed: boolean;
}

const OPEN = '<tool_call>';
const CLOSE = '</tool_call>';

/**
 * Finds the tool-call blocks in a turn's raw text (the Qwen and hermes formats share the tags) and pairs
 * each with the engine's parsed call and the diagnostics inside it. A block without its closing tag runs
 * to the end of the text, as a truncated turn's does.
 */
export function callBlocks(text: string, analysis: TurnAnalysis | undefined): CallBlock[] {
  const blocks: CallBlock[] = [];
  let at = text.indexOf(OPEN);
  while (at !== -1) {
    const close = text.indexOf(CLOSE, at + OPEN.length);
    const nextOpen = text.indexOf(OPEN, at + OPEN.length);
    const closed = close !== -1 && (nextOpen === -1 || close < nextOpen);
    const end = closed ? close + CLOSE.length : nextOpen === -1 ? text.length : nextOpen;
    const within = (s: number, e: number) => (s < end && e > at) || (s === e && s >= at && s <= end);
    blocks.push({
      start: at,
      end,
      parsed: analysis?.calls.find((c) => c.start < end && c.end > at),
      diagnostics: (analysis?.diagnostics ?? []).filter((d) => within(d.start, d.end)),
      closed,
    });
    at = nextOpen;
  }
  return blocks;
}

/** Diagnostics outside every block (text after calls, reasoning problems, no call at all). */
export function looseDiagnostics(
  analysis: TurnAnalysis | undefined,
  blocks: readonly CallBlock[],
): Diagnostic[] {
  return (analysis?.diagnostics ?? []).filter((d) => !blocks.some((b) => b.diagnostics.includes(d)));
}
