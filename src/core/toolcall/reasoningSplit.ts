import { pyStripRange } from './pythonText';
import { hasChange } from './sglangRelease';
import type { ReasoningParserName } from './types';

export interface ReasoningSplit {
  reasoning: string | null;
  /** Where the text that the tool-call parser sees begins; [0, normalStart) is hidden from it. */
  normalStart: number;
  /** Where it ends: before 0.5.13 SGLang strips trailing whitespace off it. */
  normalEnd: number;
  /** Where the reasoning ends in the text: at `</think>`, at the `<tool_call>` that ended it, or the end. */
  reasoningEnd: number;
  /** Whether `</think>` was found. */
  closed: boolean;
}

const THINK = '<think>';
const END_THINK = '</think>';
const TOOL_CALL = '<tool_call>';

/**
 * SGLang's Qwen3 reasoning parser (`--reasoning-parser qwen3`). Once it is in reasoning, everything before the
 * first `</think>` is reasoning and the rest goes on to the tool-call parser; with no `</think>` the whole text
 * is reasoning, except that from 0.5.15 a `<tool_call>` ends it there. From 0.5.13 only leading `<think>` tags
 * are removed and nothing is stripped; before, every `<think>` was removed and both parts stripped.
 *
 * It is in reasoning when the text holds `<think>`, or when the request had thinking on (force_reasoning,
 * inferred from the Qwen3 chat template), in which case a missing `<think>` start tag changes nothing. `force`
 * says which; left undefined it is inferred from the raw text: any think tag means thinking was on, and a
 * text with no think tag at all comes from a request with thinking off (enable_thinking=false).
 */
export function splitReasoning(
  text: string,
  parser: ReasoningParserName,
  force?: boolean,
  release?: string,
): ReasoningSplit {
  const plain = { reasoning: null, normalStart: 0, normalEnd: text.length, reasoningEnd: 0, closed: false };
  if (parser === 'none') return plain;
  const end = text.indexOf(END_THINK);
  const inReasoning = force === true || text.includes(THINK) || (force === undefined && end !== -1);
  if (!inReasoning) return plain;
  if (!hasChange(release, 'reasoningKeepsText')) return strippedSplit(text, end);
  let start = 0;
  while (text.startsWith(THINK, start)) start += THINK.length;
  const close = text.indexOf(END_THINK, start);
  if (close === -1) {
    const toolCall = hasChange(release, 'reasoningEndsAtToolCall') ? text.indexOf(TOOL_CALL, start) : -1;
    const reasoningEnd = toolCall === -1 ? text.length : toolCall;
    return {
      reasoning: text.slice(start, reasoningEnd) || null,
      normalStart: reasoningEnd,
      normalEnd: text.length,
      reasoningEnd,
      closed: false,
    };
  }
  return {
    reasoning: text.slice(start, close) || null,
    normalStart: close + END_THINK.length,
    normalEnd: text.length,
    reasoningEnd: close,
    closed: true,
  };
}

/** Before 0.5.13: every `<think>` removed, the text stripped, and the part after `</think>` stripped again. */
function strippedSplit(text: string, close: number): ReasoningSplit {
  const reasoningEnd = close === -1 ? text.length : close;
  const before = text.slice(0, reasoningEnd).replaceAll(THINK, '');
  const [s, e] = pyStripRange(before, 0, before.length);
  const reasoning = before.slice(s, close === -1 ? e : before.length);
  if (close === -1) {
    const end = text.length;
    return { reasoning: reasoning || null, normalStart: end, normalEnd: end, reasoningEnd, closed: false };
  }
  const [normalStart, normalEnd] = pyStripRange(text, close + END_THINK.length, text.length);
  return { reasoning: reasoning || null, normalStart, normalEnd, reasoningEnd, closed: true };
}
