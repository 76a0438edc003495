// Python's json.loads accepts the bare tokens NaN, Infinity and -Infinity that JSON.parse rejects. A block
// using them is parsed by SGLang, so the engine must parse it too. Everything else is plain JSON.parse.

const MARK = '\uE000py-json:';

/** `nonFiniteAt`: offset of the first NaN/Infinity token, when the text needed Python's leniency. */
export type PyJsonResult = { ok: true; value: unknown; nonFiniteAt?: number } | { ok: false };

export function pyJsonLoads(text: string): PyJsonResult {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    if (!/NaN|Infinity/.test(text)) return { ok: false };
  }
  const { replaced, first } = replaceNonFiniteTokens(text);
  if (first === undefined) return { ok: false };
  try {
    return { ok: true, value: JSON.parse(replaced, revive), nonFiniteAt: first };
  } catch {
    return { ok: false };
  }
}

function revive(_key: string, value: unknown): unknown {
  if (typeof value !== 'string' || !value.startsWith(MARK)) return value;
  const token = value.slice(MARK.length);
  return token === 'NaN' ? NaN : token === '-Infinity' ? -Infinity : Infinity;
}

/** Swaps the non-finite tokens outside string literals for marked strings that `revive` turns back. */
function replaceNonFiniteTokens(text: string): { replaced: string; first: number | undefined } {
  let out = '';
  let first: number | undefined;
  let last = 0;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      i++;
      while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
      i++;
      continue;
    }
    const token = ['-Infinity', 'Infinity', 'NaN'].find((t) => text.startsWith(t, i));
    if (token === undefined) {
      i++;
      continue;
    }
    first ??= i;
    out += text.slice(last, i) + JSON.stringify(MARK + token);
    i += token.length;
    last = i;
  }
  return { replaced: out + text.slice(last), first };
}
