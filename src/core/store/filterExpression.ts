import type { SampleRow } from '../../shared/protocol';

// The sample table's filter language, small enough to type without looking it up:
//   reward < 1 and code == TC002        status == truncated or errors > 0
//   domain == retail not (turns > 20)    task ~ 12     shaped >= 0.5 && step == 3
//   flag == loop (a behaviour scanner flag: loop, early-done, length-limit, empty-response, error-burst)
// Comparisons are `field op value`; `and` (or `&&`, or nothing) binds tighter than `or` (`||`);
// `not`/`!` and parentheses work as usual. Strings may be quoted; `null` matches a missing value.

export const FILTER_FIELDS = [
  'step',
  'group',
  'index',
  'eval',
  'task',
  'domain',
  'status',
  'reward',
  'shaped',
  'advantage',
  'turns',
  'calls',
  'errors',
  'warnings',
  'diagnostics',
  'length',
  'code',
  'discarded',
  'flag',
] as const;
type Field = (typeof FILTER_FIELDS)[number];
type Op = '==' | '!=' | '<' | '<=' | '>' | '>=' | '~';
type Value = string | number | boolean | null;
export type RowPredicate = (row: SampleRow) => boolean;

export class FilterError extends Error {
  constructor(
    message: string,
    readonly at: number,
  ) {
    super(`${message} (at character ${at + 1})`);
  }
}

interface Token {
  kind: 'word' | 'string' | 'op' | 'paren';
  text: string;
  at: number;
}

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  const re =
    /\s*(?:(\(|\))|(&&|\|\||==|!=|<=|>=|=|<|>|~|!)|"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|([^\s()<>=!~&|"']+))/y;
  let at = 0;
  while (at < input.length) {
    if (/^\s*$/.test(input.slice(at))) break;
    re.lastIndex = at;
    const m = re.exec(input);
    if (!m) throw new FilterError(`cannot read ${JSON.stringify(input.slice(at).trim().slice(0, 12))}`, at);
    const start = at + (m[0].length - m[0].trimStart().length);
    if (m[1] !== undefined) tokens.push({ kind: 'paren', text: m[1], at: start });
    else if (m[2] !== undefined) tokens.push({ kind: 'op', text: m[2] === '=' ? '==' : m[2], at: start });
    else if (m[3] !== undefined || m[4] !== undefined)
      tokens.push({ kind: 'string', text: (m[3] ?? m[4] ?? '').replace(/\\(.)/g, '$1'), at: start });
    else tokens.push({ kind: 'word', text: m[5] ?? '', at: start });
    at = re.lastIndex;
  }
  return tokens;
}

const MAX_NESTING = 100;

/** Parses a filter; an empty filter matches every row. Throws FilterError saying where and why. */
export function parseFilter(input: string): RowPredicate {
  const tokens = tokenize(input);
  let i = 0;
  const peek = () => tokens[i];
  const isWord = (t: Token | undefined, ...words: string[]) =>
    t?.kind === 'word' && words.includes(t.text.toLowerCase());

  const orExpr = (): RowPredicate => {
    const parts = [andExpr()];
    while (isWord(peek(), 'or') || (peek()?.kind === 'op' && peek()?.text === '||')) {
      i++;
      parts.push(andExpr());
    }
    return parts.length === 1 ? parts[0]! : (r) => parts.some((p) => p(r));
  };
  const andExpr = (): RowPredicate => {
    const parts = [unary()];
    for (;;) {
      const t = peek();
      if (t === undefined || (t.kind === 'paren' && t.text === ')')) break;
      if (isWord(t, 'or') || (t.kind === 'op' && t.text === '||')) break;
      if (isWord(t, 'and') || (t.kind === 'op' && t.text === '&&')) i++;
      parts.push(unary());
    }
    return parts.length === 1 ? parts[0]! : (r) => parts.every((p) => p(r));
  };
  // Each `not` and `(` is a level of the parser's recursion and of the predicate's: a filter pasted with
  // thousands of them would overflow the stack.
  let depth = 0;
  const unary = (): RowPredicate => {
    const t = peek();
    if (t === undefined) throw new FilterError('expected a comparison', input.length);
    const nots = isWord(t, 'not') || (t.kind === 'op' && t.text === '!');
    if (!nots && !(t.kind === 'paren' && t.text === '(')) return comparison();
    if (++depth > MAX_NESTING) throw new FilterError(`nested more than ${MAX_NESTING} levels deep`, t.at);
    i++;
    let read: RowPredicate;
    if (nots) {
      const inner = unary();
      read = (r) => !inner(r);
    } else {
      read = orExpr();
      const close = peek();
      if (close?.kind !== 'paren' || close.text !== ')')
        throw new FilterError('missing ")"', close?.at ?? input.length);
      i++;
    }
    depth--;
    return read;
  };
  const comparison = (): RowPredicate => {
    const f = peek()!;
    if (f.kind !== 'word')
      throw new FilterError(`expected a field name, got ${JSON.stringify(f.text)}`, f.at);
    const field = FILTER_FIELDS.find((x) => x === f.text.toLowerCase());
    if (field === undefined)
      throw new FilterError(`unknown field "${f.text}"; fields: ${FILTER_FIELDS.join(', ')}`, f.at);
    i++;
    const o = peek();
    if (o?.kind !== 'op' || ['&&', '||', '!'].includes(o.text))
      throw new FilterError(`expected an operator (== != < <= > >= ~) after ${field}`, o?.at ?? input.length);
    i++;
    const v = peek();
    if (v === undefined || v.kind === 'paren' || v.kind === 'op')
      throw new FilterError(`expected a value after ${field} ${o.text}`, v?.at ?? input.length);
    i++;
    return compare(field, o.text as Op, v.kind === 'string' ? v.text : literal(v.text), v.at);
  };

  if (tokens.length === 0) return () => true;
  const predicate = orExpr();
  const rest = peek();
  if (rest !== undefined) throw new FilterError(`unexpected ${JSON.stringify(rest.text)}`, rest.at);
  return predicate;
}

function literal(text: string): Value {
  const lower = text.toLowerCase();
  if (lower === 'null') return null;
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  const n = Number(text);
  return text !== '' && Number.isFinite(n) ? n : text;
}

function fieldValue(row: SampleRow, field: Exclude<Field, 'code' | 'flag'>): Value {
  switch (field) {
    case 'step':
    case 'group':
    case 'index':
      return row.key[field];
    case 'eval':
      return row.key.evaluation;
    case 'diagnostics':
      return row.errors === null || row.warnings === null ? null : row.errors + row.warnings;
    default:
      return row[field];
  }
}

function compare(field: Field, op: Op, value: Value, at: number): RowPredicate {
  if (field === 'code') {
    if (op !== '==' && op !== '!=' && op !== '~')
      throw new FilterError('code takes ==, != or ~ (e.g. code == TC002)', at);
    const want = String(value).toUpperCase();
    const has = (r: SampleRow) => (r.codes ?? []).some((c) => (op === '~' ? c.includes(want) : c === want));
    return op === '!=' ? (r) => !has(r) : has;
  }
  if (field === 'flag') {
    if (op !== '==' && op !== '!=' && op !== '~')
      throw new FilterError('flag takes ==, != or ~ (e.g. flag == loop)', at);
    const want = String(value).toLowerCase();
    const has = (r: SampleRow) => (r.flags ?? []).some((f) => (op === '~' ? f.includes(want) : f === want));
    return op === '!=' ? (r) => !has(r) : has;
  }
  const numeric = !['task', 'domain', 'status', 'eval', 'discarded'].includes(field);
  if (numeric && typeof value !== 'number' && value !== null && op !== '~')
    throw new FilterError(`${field} is a number; ${JSON.stringify(value)} is not`, at);
  return (row) => {
    const actual = fieldValue(row, field);
    switch (op) {
      case '==':
        return (
          actual === value ||
          (typeof actual === 'string' && String(value).toLowerCase() === actual.toLowerCase())
        );
      case '!=':
        return !(
          actual === value ||
          (typeof actual === 'string' && String(value).toLowerCase() === actual.toLowerCase())
        );
      case '~':
        return actual !== null && String(actual).toLowerCase().includes(String(value).toLowerCase());
      default: {
        if (typeof actual !== 'number' || typeof value !== 'number') return false;
        if (op === '<') return actual < value;
        if (op === '<=') return actual <= value;
        if (op === '>') return actual > value;
        return actual >= value;
      }
    }
  };
}
