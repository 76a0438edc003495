import { FILTER_FIELDS, LIST_FIELDS, TEXT_FIELDS } from './sampleFilter';
import type { CompareOp, FilterField, FilterValue, SampleFilter } from './sampleFilter';

// The sample filter language, small enough to type without looking it up:
//   reward < 1 and code == TC002        status == truncated or errors > 0
//   domain == retail not (turns > 20)    task ~ 12     shaped >= 0.5 && step == 3
//   flag == loop (a behaviour scanner flag: loop, early-done, length-limit, empty-response, error-burst)
//   pinned == true    note ~ flaky   (samples pinned in this run, and the text of their notes)
// Comparisons are `field op value`; `and` (or `&&`, or nothing) binds tighter than `or` (`||`);
// `not`/`!` and parentheses work as usual. Strings may be quoted; `null` matches a missing value.
// It parses to a SampleFilter (sampleFilter.ts), which the viewer's table and the explorer evaluate.

/** A filter that cannot be read: where (`at`, from 0), what is wrong and what to write instead. */
export class FilterError extends Error {
  constructor(
    readonly problem: string,
    readonly at: number,
    readonly fix: string,
  ) {
    super(`column ${at + 1}: ${problem}; ${fix}`);
  }
}

interface Token {
  kind: 'word' | 'string' | 'op' | 'paren';
  text: string;
  at: number;
}

const EXAMPLE = 'e.g. reward < 1 and status == completed';
const OPERATORS = '== != < <= > >= or ~';

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  const re =
    /\s*(?:(\(|\))|(&&|\|\||==|!=|<=|>=|=|<|>|~|!)|"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|([^\s()<>=!~&|"']+))/y;
  let at = 0;
  while (at < input.length) {
    if (/^\s*$/.test(input.slice(at))) break;
    re.lastIndex = at;
    const m = re.exec(input);
    if (!m) {
      const start = at + (input.length - at - input.slice(at).trimStart().length);
      const rest = input.slice(start);
      throw new FilterError(
        `cannot read ${JSON.stringify(rest.slice(0, 12))}`,
        start,
        /^["']/.test(rest) ? `close the quote opened here with ${rest[0]}` : `write comparisons, ${EXAMPLE}`,
      );
    }
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

/** Parses a filter; an empty one keeps every sample. Throws FilterError saying where and what to do. */
export function parseFilter(input: string): SampleFilter {
  const tokens = tokenize(input);
  let i = 0;
  const peek = () => tokens[i];
  const isWord = (t: Token | undefined, ...words: string[]) =>
    t?.kind === 'word' && words.includes(t.text.toLowerCase());
  const isOr = (t: Token | undefined) => isWord(t, 'or') || (t?.kind === 'op' && t.text === '||');

  const orExpr = (): SampleFilter => {
    const parts = [andExpr()];
    while (isOr(peek())) {
      i++;
      parts.push(andExpr());
    }
    return parts.length === 1 ? parts[0]! : { kind: 'or', parts };
  };
  const andExpr = (): SampleFilter => {
    const parts = [unary()];
    for (;;) {
      const t = peek();
      if (t === undefined || (t.kind === 'paren' && t.text === ')') || isOr(t)) break;
      if (isWord(t, 'and') || (t.kind === 'op' && t.text === '&&')) i++;
      parts.push(unary());
    }
    return parts.length === 1 ? parts[0]! : { kind: 'and', parts };
  };
  // Each `not` and `(` is a level of the parser's recursion and of the evaluation's: a filter pasted with
  // thousands of them would overflow the stack.
  let depth = 0;
  const unary = (): SampleFilter => {
    const t = peek();
    if (t === undefined)
      throw new FilterError(
        'the filter ends where a comparison should be',
        input.length,
        `add one, ${EXAMPLE}`,
      );
    const nots = isWord(t, 'not') || (t.kind === 'op' && t.text === '!');
    if (!nots && !(t.kind === 'paren' && t.text === '(')) return comparison();
    if (++depth > MAX_NESTING)
      throw new FilterError(`nested more than ${MAX_NESTING} levels deep`, t.at, 'remove some "not" or "("');
    i++;
    let read: SampleFilter;
    if (nots) read = { kind: 'not', part: unary() };
    else {
      read = orExpr();
      const close = peek();
      if (close?.kind !== 'paren' || close.text !== ')')
        throw new FilterError(
          'missing ")"',
          close?.at ?? input.length,
          `close the "(" at column ${t.at + 1}`,
        );
      i++;
    }
    depth--;
    return read;
  };
  const comparison = (): SampleFilter => {
    const f = peek()!;
    if (f.kind !== 'word')
      throw new FilterError(
        `expected a field name, got ${JSON.stringify(f.text)}`,
        f.at,
        `start a comparison with a field: ${FILTER_FIELDS.join(', ')}`,
      );
    const field = FILTER_FIELDS.find((x) => x === f.text.toLowerCase());
    if (field === undefined)
      throw new FilterError(`unknown field "${f.text}"`, f.at, `use one of: ${FILTER_FIELDS.join(', ')}`);
    i++;
    const o = peek();
    if (o?.kind !== 'op' || ['&&', '||', '!'].includes(o.text))
      throw new FilterError(
        `expected an operator after ${field}`,
        o?.at ?? input.length,
        `use one of ${OPERATORS}, e.g. ${field} ${TEXT_FIELDS.includes(field) || LIST_FIELDS.includes(field) ? '== x' : '> 0'}`,
      );
    i++;
    const v = peek();
    if (v === undefined || v.kind === 'paren' || v.kind === 'op')
      throw new FilterError(
        `expected a value after ${field} ${o.text}`,
        v?.at ?? input.length,
        'write a number, a word, a quoted string or null',
      );
    i++;
    return compare(field, o.text as CompareOp, v.kind === 'string' ? v.text : literal(v.text), v.at, o.at);
  };

  if (tokens.length === 0) return { kind: 'and', parts: [] };
  const filter = orExpr();
  const rest = peek();
  if (rest !== undefined)
    throw new FilterError(
      `unexpected ${JSON.stringify(rest.text)}`,
      rest.at,
      rest.kind === 'paren' ? 'remove it or add the "(" it closes' : 'join comparisons with and / or',
    );
  return filter;
}

function literal(text: string): FilterValue {
  const lower = text.toLowerCase();
  if (lower === 'null') return null;
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  const n = Number(text);
  return text !== '' && Number.isFinite(n) ? n : text;
}

function compare(
  field: FilterField,
  op: CompareOp,
  value: FilterValue,
  at: number,
  opAt: number,
): SampleFilter {
  if (LIST_FIELDS.includes(field) && op !== '==' && op !== '!=' && op !== '~')
    throw new FilterError(
      `${field} takes ==, != or ~`,
      opAt,
      field === 'code' ? 'e.g. code == TC002' : 'e.g. flag == loop',
    );
  const numeric = !TEXT_FIELDS.includes(field) && !LIST_FIELDS.includes(field);
  if (numeric && typeof value !== 'number' && value !== null && op !== '~')
    throw new FilterError(
      `${field} is a number; ${JSON.stringify(value)} is not`,
      at,
      `write a number, or null for a missing value, e.g. ${field} > 0`,
    );
  return { kind: 'compare', field, op, value };
}
