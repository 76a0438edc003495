/** Every this many decoded characters, where the next one starts in the JSON text is kept. */
const STRIDE = 64;

/**
 * Maps offsets in the decoded value of a JSON string literal to offsets in the JSON text holding it, so a
 * range inside a message's content lands on the exact characters of the file: `\n` and `\"` are two
 * characters in the file for one in the value, `\uXXXX` six (a surrogate pair is two such escapes).
 * `literalStart` is the offset of the opening quote. Offsets past the end map to the closing quote.
 * Only every STRIDE-th character's place is kept (a place per character cost 30 times a 50 MB argument),
 * in a typed array sized once the literal's length is known (a growing array left its old copies behind);
 * the rest are found by stepping from the nearest kept one.
 */
export function jsonStringOffsetMap(json: string, literalStart: number): (decodedOffset: number) => number {
  let length = 0;
  let i = literalStart + 1;
  for (; i < json.length && json.charCodeAt(i) !== 0x22; length++) i = next(json, i);
  const closing = i;
  const kept = new Uint32Array(Math.ceil(length / STRIDE));
  i = literalStart + 1;
  for (let decoded = 0; decoded < length; decoded++) {
    if (decoded % STRIDE === 0) kept[decoded / STRIDE] = i;
    i = next(json, i);
  }
  return (offset) => {
    const d = Math.max(0, offset);
    if (d >= length) return closing;
    let at = kept[Math.floor(d / STRIDE)]!;
    for (let k = d % STRIDE; k > 0; k--) at = next(json, at);
    return at;
  };
}

/** Where the character after the one (or the escape) at i starts. */
function next(json: string, i: number): number {
  if (json.charCodeAt(i) !== 0x5c) return i + 1;
  return json[i + 1] === 'u' ? i + 6 : i + 2;
}
