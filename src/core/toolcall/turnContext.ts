import type { Diagnostic, Fix, Profile, Severity, ToolSpec } from './types';

/** Everything a detector needs to read one turn and report on it. */
export interface TurnContext {
  text: string;
  /** Start of the text the tool-call parser sees (after reasoning). */
  from: number;
  profile: Profile;
  /** undefined when the tools offered to the turn are unknown: names and arguments are then not checked. */
  tools: Map<string, ToolSpec> | undefined;
  finishReason: 'stop' | 'length';
  diagnostics: Diagnostic[];
}

export function report(
  ctx: TurnContext,
  code: string,
  severity: Severity,
  range: readonly [number, number],
  message: string,
  fix?: Fix,
): void {
  const start = Math.max(0, Math.min(range[0], ctx.text.length));
  const end = Math.max(start, Math.min(range[1], ctx.text.length));
  const diagnostic: Diagnostic = { code, severity, message, start, end };
  if (fix !== undefined) diagnostic.fix = fix;
  ctx.diagnostics.push(diagnostic);
}

/** A short, one-line, quoted rendering of model text for a message. */
export function quote(text: string, max = 40): string {
  return JSON.stringify(text.length > max ? text.slice(0, max) + '…' : text);
}
