/**
 * Maps offsets in the decoded value of a JSON string literal to offsets in the JSON text holding it, so a
 * range inside a message's content lands on the exact characters of the file: `\n` and `\"` are two
 * characters in the file for one in the value, `\uXXXX` six (a surrogate pair is two such escapes).
 * `literalStart` is the offset of the opening quote. Offsets past the end map to the closing quote.
 */
export function jsonStringOffsetMap(json: string, literalStart: number): (decodedOffset: number) => number {
  const starts: number[] = [];
  let i = literalStart + 1;
  while (i < json.length && json.charCodeAt(i) !== 0x22) {
    starts.push(i);
    if (json.charCodeAt(i) !== 0x5c) i++;
    else i += json[i + 1] === 'u' ? 6 : 2;
  }
  const closing = i;
  return (offset) => (offset <= 0 ? (starts[0] ?? closing) : (starts[offset] ?? closing));
}
