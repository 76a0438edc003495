// Python's json.loads accepts the bare tokens NaN, Infinity and -Infinity that JSON.parse rejects. A block
// using them is parsed by SGLang, so the engine must parse it too. Everything else is plain JSON.parse,
// up to the nesting Python reads (MAX_JSON_DEPTH): deeper text raises RecursionError there.

import { tooDeepAt } from '../../shared/jsonDepth';
import { parseSharingLongStrings } from './jsonSharedStrings';

const MARK = '\uE000py-json:';

/**
 * `nonFiniteAt`: offset of the first NaN/Infinity token, when the text needed Python's leniency.
 * `tooDeepAt`: offset of the bracket where the text nests deeper than json.loads reads.
 */
export type PyJsonResult =
  { ok: true; value: unknown; nonFiniteAt?: number } | { ok: false; tooDeepAt?: number };

export function pyJsonLoads(text: string): PyJsonResult {
  const deep = tooDeepAt(text);
  if (deep >= 0) return { ok: false, tooDeepAt: deep };
  const plain = tryJsonParse(text);
  if (plain.ok || !/NaN|Infinity/.test(text)) return plain;
  const { replaced, first } = replaceNonFiniteTokens(text);
  if (first === undefined) return { ok: false };
  const lenient = tryJsonParse(replaced, revive);
  return lenient.ok ? { ok: true, value: lenient.value, nonFiniteAt: first } : lenient;
}

/**
 * JSON.parse without the price of its exception: broken calls are common in rollouts, and capturing a stack
 * trace for each SyntaxError costs more than parsing the block. Without a reviver, long plain strings are
 * slices of text rather than copies (parseSharingLongStrings).
 */
export function tryJsonParse(
  text: string,
  reviver?: (key: string, value: unknown) => unknown,
): { ok: true; value: unknown } | { ok: false } {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return { ok: true, value: reviver ? JSON.parse(text, reviver) : parseSharingLongStrings(text) };
  } catch {
    return { ok: false };
  } finally {
    Error.stackTraceLimit = limit;
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
