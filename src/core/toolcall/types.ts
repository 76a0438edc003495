// The vocabulary of the tool-call engine: what a turn is parsed under, what SGLang would return for it,
// and what is wrong with it. Offsets are UTF-16 code units into the turn text, like JavaScript strings.

export type ToolCallParserName = 'qwen25' | 'hermes' | 'qwen3_coder';
export type ReasoningParserName = 'qwen3' | 'none';
/** `sglang`: what the server accepts. `single-call`: the tau2 recipe's rule of one block and nothing else. */
export type LintPolicy = 'sglang' | 'single-call';

export interface Profile {
  parser: ToolCallParserName;
  reasoningParser: ReasoningParserName;
  policy: LintPolicy;
  /** The SGLang release whose parsers the turn is read like (sglangRelease.ts); undefined: the newest. */
  sglang?: string;
  /**
   * SGLang's force_reasoning (templates that open `<think>` in the prompt): true, in reasoning from the start;
   * false, only when the text holds `<think>`; undefined, inferred from the text (any think tag).
   */
  forceReasoning?: boolean;
}

export type Severity = 'error' | 'warning' | 'info';

export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

/** A mechanical repair: insert a missing newline, close the tag, unwrap double-encoded arguments. */
export interface Fix {
  title: string;
  edits: TextEdit[];
}

export interface Diagnostic {
  /** TC001..TC012, stable across releases. */
  code: string;
  severity: Severity;
  message: string;
  /** [start, end) into the turn text. */
  start: number;
  end: number;
  fix?: Fix;
}

export interface ParsedCall {
  name: string;
  arguments: unknown;
  /** `function.arguments` exactly as SGLang writes it, where `arguments` cannot say it (integers beyond 2^53). */
  argumentsJson?: string;
  /** Range of the whole block in the text. */
  start: number;
  end: number;
}

/** What SGLang's non-streaming chat completion would return for the raw text. */
export interface Verdict {
  parser: ToolCallParserName;
  reasoningParser: ReasoningParserName;
  content: string | null;
  reasoning: string | null;
  /** `arguments` is what a client gets from JSON.parse of `function.arguments`. */
  calls: { name: string; arguments: unknown; argumentsJson?: string }[];
  finishReason: 'stop' | 'tool_calls' | 'length';
  /** Set when the profile's SGLang release is newer than any the engine knows (sglangReleaseNote). */
  sglangNote?: string;
}

export interface ToolSpec {
  name: string;
  description?: string;
  /** A JSON Schema for the arguments object. */
  parameters?: unknown;
}

export interface TurnAnalysis {
  verdict: Verdict;
  diagnostics: Diagnostic[];
  calls: ParsedCall[];
}
