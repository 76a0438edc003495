// SGLang is Python: its detectors call str.strip() and test values for truthiness. These reproduce exactly
// those two semantics, because JavaScript's trim() and truthiness differ at the edges ({} and [] are falsy in
// Python; U+001C..U+001F and U+0085 are Python whitespace but not JavaScript's).

/** True for the characters Python's str.isspace() accepts. */
function isPyWhitespace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d) || (code >= 0x1c && code <= 0x1f);
  if (code < 0x85) return false;
  return (
    code === 0x85 ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000
  );
}

/** The [start, end) that Python's text[from:to].strip() keeps. */
export function pyStripRange(text: string, from: number, to: number): [number, number] {
  let s = from;
  let e = to;
  while (s < e && isPyWhitespace(text.charCodeAt(s))) s++;
  while (e > s && isPyWhitespace(text.charCodeAt(e - 1))) e--;
  return [s, e];
}

export function pyStrip(text: string): string {
  const [s, e] = pyStripRange(text, 0, text.length);
  return s === 0 && e === text.length ? text : text.slice(s, e);
}

/** Python's bool() of a value decoded from JSON. */
export function pyTruthy(value: unknown): boolean {
  if (value === null || value === undefined || value === false || value === 0 || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return !Number.isNaN(value);
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
