import { tooDeepAt } from '../../src/shared/jsonDepth';

/** Deeper JSON is shown as written: indenting it would not make it readable. */
export const MAX_INDENTED_DEPTH = 64;

/**
 * Text with its JSON pretty-printed: the whole text when it is JSON, or the JSON that follows a first line
 * (the tau2 recipe's "Tool result for f(...):" header). Null when there is no JSON to format, so the caller
 * shows the text as it is.
 */
export function prettyJson(text: string): string | null {
  const whole = format(text);
  if (whole !== null) return whole;
  const newline = text.indexOf('\n');
  if (newline < 0) return null;
  const rest = format(text.slice(newline + 1));
  return rest === null ? null : `${text.slice(0, newline + 1)}${rest}`;
}

function format(text: string): string | null {
  const t = text.trim();
  if (!(t.startsWith('{') && t.endsWith('}')) && !(t.startsWith('[') && t.endsWith(']'))) return null;
  // Indented, N levels take N² spaces: deep JSON stays as written rather than growing into megabytes.
  if (tooDeepAt(t, MAX_INDENTED_DEPTH) >= 0) return null;
  try {
    return JSON.stringify(JSON.parse(t), null, 2);
  } catch {
    return null;
  }
}
