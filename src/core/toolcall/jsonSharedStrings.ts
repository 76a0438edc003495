/**
 * A string literal at least this long, with no escape in it, is taken from the JSON text rather than copied:
 * JSON.parse copies every string, and a tool call's 50 MB argument would be held twice, once in the turn's
 * text and once in the parsed arguments.
 */
export const SHARED_STRING_MIN = 1 << 20;

/** Stands for a shared literal in the text given to JSON.parse; never in a text that is rewritten. */
const MARK = '\uE000rs-shared:';
const MARK_ESCAPED = /\\u[eE]000/;

/**
 * JSON.parse(text), where each long string value with no escapes is a slice of text (V8 keeps a slice as a
 * view of its parent) instead of a copy. The value is the same as JSON.parse's; a text JSON.parse rejects is
 * rejected the same way, since only literals that are valid as written are swapped. Literals are shared only
 * when they are most of the text, so a slice never keeps much more than itself alive. Throws as JSON.parse.
 */
export function parseSharingLongStrings(text: string, min = SHARED_STRING_MIN): unknown {
  if (text.length < min) return JSON.parse(text);
  const shared = longPlainValueLiterals(text, min);
  const sharedLength = shared.reduce((n, [s, e]) => n + e - s, 0);
  if (sharedLength * 2 < text.length || text.includes(MARK) || MARK_ESCAPED.test(text))
    return JSON.parse(text);
  let rewritten = '';
  let last = 0;
  shared.forEach(([s, e], n) => {
    rewritten += `${text.slice(last, s)}"${MARK}${n}"`;
    last = e + 1;
  });
  const value = JSON.parse(rewritten + text.slice(last)) as unknown;
  const slices = shared.map(([s, e]) => text.slice(s + 1, e));
  return putBack(value, slices);
}

/**
 * [opening quote, closing quote] of every string literal of at least min characters with no
 * backslash and no control character (so its value is its characters) that is a value rather than a key.
 * Quotes are found with indexOf, and each backslash once, so the scan is linear and runs at memory speed.
 */
function longPlainValueLiterals(text: string, min: number): [number, number][] {
  const out: [number, number][] = [];
  let backslash = text.indexOf('\\');
  let open = text.indexOf('"');
  while (open !== -1) {
    let from = open + 1;
    let escaped = false;
    let close: number;
    for (;;) {
      close = text.indexOf('"', from);
      if (close === -1) return out;
      while (backslash !== -1 && backslash < from) backslash = text.indexOf('\\', backslash + 1);
      if (backslash === -1 || backslash > close) break;
      escaped = true;
      // The backslash escapes the next character, which may be this quote.
      from = backslash + 2;
      backslash = text.indexOf('\\', from);
    }
    if (!escaped && close - open - 1 >= min && isValue(text, close) && !hasControl(text, open, close))
      out.push([open, close]);
    open = text.indexOf('"', close + 1);
  }
  return out;
}

/** Whether the literal closing at `close` is not an object key (a key is followed by a colon). */
function isValue(text: string, close: number): boolean {
  let i = close + 1;
  while (i < text.length && /[ \t\n\r]/.test(text[i]!)) i++;
  return text[i] !== ':';
}

function hasControl(text: string, open: number, close: number): boolean {
  // eslint-disable-next-line no-control-regex -- raw control characters are what JSON forbids in strings
  return /[\u0000-\u001f]/.test(text.slice(open + 1, close));
}

/** Replaces each `MARK<n>` string in value with slices[n]; iterative, as the value may be deep. */
function putBack(value: unknown, slices: string[]): unknown {
  const markOf = (v: unknown): string | undefined => {
    if (typeof v !== 'string' || !v.startsWith(MARK)) return undefined;
    return slices[Number(v.slice(MARK.length))];
  };
  const top = markOf(value);
  if (top !== undefined) return top;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const node = stack.pop();
    if (typeof node !== 'object' || node === null) continue;
    const record = node as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const child = record[key];
      const slice = markOf(child);
      if (slice === undefined) stack.push(child);
      // defineProperty, as JSON.parse does: an assignment to "__proto__" would set the prototype.
      else
        Object.defineProperty(record, key, {
          value: slice,
          writable: true,
          enumerable: true,
          configurable: true,
        });
    }
  }
  return value;
}
