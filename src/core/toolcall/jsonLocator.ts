/**
 * Finds the characters of a value (or of its key) inside JSON text known to parse. Only diagnostics ask for
 * ranges, so valid calls never pay for it; a purpose-built scan because a general JSON syntax tree costs
 * tens of microseconds per call block, which shows when a dataset is full of broken calls.
 */
export class JsonLocator {
  constructor(
    private readonly json: string,
    /** Offset of json[0] in the turn text. */
    private readonly base: number,
  ) {}

  /** [start, end) in the turn text of the value at path, or of its key when atKey; undefined if absent. */
  range(path: readonly (string | number)[], atKey = false): [number, number] | undefined {
    let at = skipSpace(this.json, 0);
    let key: [number, number] | undefined;
    for (const segment of path) {
      const found = child(this.json, at, segment);
      if (found === undefined) return undefined;
      [at, key] = found;
    }
    const range: [number, number] = atKey && key !== undefined ? key : [at, valueEnd(this.json, at)];
    return [this.base + range[0], this.base + range[1]];
  }
}

/** The start of the member `segment` of the object or array at `at`, and its key's range. */
function child(
  json: string,
  at: number,
  segment: string | number,
): [number, [number, number] | undefined] | undefined {
  const open = json[at];
  if (open === '[') {
    let i = skipSpace(json, at + 1);
    for (let index = 0; json[i] !== ']' && i < json.length; index++) {
      if (index === Number(segment)) return [i, undefined];
      i = skipSpace(json, valueEnd(json, i));
      if (json[i] === ',') i = skipSpace(json, i + 1);
    }
    return undefined;
  }
  if (open !== '{') return undefined;
  // Duplicate keys: JSON.parse keeps the last one, so the last match is the one in effect.
  let found: [number, [number, number]] | undefined;
  let i = skipSpace(json, at + 1);
  while (json[i] === '"') {
    const keyEnd = valueEnd(json, i);
    const valueStart = skipSpace(json, skipSpace(json, keyEnd) + 1);
    // A key without escapes reads as written; only one with escapes needs decoding to compare.
    const raw = json.slice(i + 1, keyEnd - 1);
    const key = raw.includes('\\') ? (JSON.parse(json.slice(i, keyEnd)) as string) : raw;
    if (key === String(segment)) found = [valueStart, [i, keyEnd]];
    i = skipSpace(json, valueEnd(json, valueStart));
    if (json[i] === ',') i = skipSpace(json, i + 1);
  }
  return found;
}

/** The end of the JSON value starting at `at`. */
function valueEnd(json: string, at: number): number {
  const c = json[at];
  if (c === '"') {
    let i = at + 1;
    while (i < json.length && json[i] !== '"') i += json[i] === '\\' ? 2 : 1;
    return i + 1;
  }
  if (c === '{' || c === '[') {
    let depth = 0;
    let i = at;
    while (i < json.length) {
      const d = json[i];
      if (d === '"') {
        i = valueEnd(json, i);
        continue;
      }
      if (d === '{' || d === '[') depth++;
      else if (d === '}' || d === ']') {
        depth--;
        if (depth === 0) return i + 1;
      }
      i++;
    }
    return i;
  }
  let i = at;
  while (i < json.length && !',]} \t\n\r'.includes(json[i] ?? '')) i++;
  return i;
}

function skipSpace(json: string, at: number): number {
  let i = at;
  while (i < json.length && ' \t\n\r'.includes(json[i] ?? '')) i++;
  return i;
}
