import type { ParsedCall } from './types';

/** A stretch of the turn that is tool-call structure: a block, a tag pair, an unclosed call, a stray tag. */
export interface CallSite {
  start: number;
  end: number;
  /** How many call objects SGLang found in it (an array block holds several). */
  calls: number;
  /** Whether SGLang read it as a call (even one it then dropped). */
  recognised: boolean;
  /** A lone `</tool_call>`: structure, but not a call. */
  stray?: boolean;
}

/** What a tool-call detector made of the turn, before the serving layer turns it into a response. */
export interface DetectorOutcome {
  /** The parser's has_tool_call: a natural stop becomes `tool_calls`. */
  triggered: boolean;
  /** SGLang raised `Tool call parsing error`: no tool_calls at all, and the original finish reason. */
  threw: boolean;
  calls: ParsedCall[];
  /** The parser's normal text: the content SGLang returns when a call parsed (from 0.5.16, whenever it ran). */
  normalText: string;
  /** Offset from which SGLang discards text once a call parsed, or -1. */
  discardFrom: number;
  sites: CallSite[];
}
