import type { ReasoningParserName } from './types';

export interface ReasoningSplit {
  reasoning: string | null;
  /** Where the text that the tool-call parser sees begins; [0, normalStart) is hidden from it. */
  normalStart: number;
  /** Whether `</think>` was found. */
  closed: boolean;
}

const THINK = '<think>';
const END_THINK = '</think>';

/**
 * SGLang's Qwen3 reasoning parser (`--reasoning-parser qwen3`). Once it is in reasoning, everything before the
 * first `</think>` is reasoning (leading `<think>` tags removed) and the rest goes on unstripped; with no
 * `</think>` the whole text is reasoning and the tool-call parser gets nothing.
 *
 * It is in reasoning when the text holds `<think>`, or when the request had thinking on (force_reasoning,
 * inferred from the Qwen3 chat template), in which case a missing `<think>` start tag changes nothing. The
 * request is not in the raw text, so it is inferred: any think tag means thinking was on; a text with no think
 * tag at all comes from a request with thinking off (enable_thinking=false), and is all content. `force`
 * says what the request did instead (SGLang's force_reasoning): then even a text with no think tag is reasoning.
 */
export function splitReasoning(text: string, parser: ReasoningParserName, force = false): ReasoningSplit {
  const end = parser === 'none' ? -1 : text.indexOf(END_THINK);
  if (parser === 'none' || (!force && end === -1 && !text.includes(THINK))) {
    return { reasoning: null, normalStart: 0, closed: false };
  }
  let start = 0;
  while (text.startsWith(THINK, start)) start += THINK.length;
  const close = text.indexOf(END_THINK, start);
  if (close === -1) return { reasoning: text.slice(start) || null, normalStart: text.length, closed: false };
  return { reasoning: text.slice(start, close) || null, normalStart: close + END_THINK.length, closed: true };
}
