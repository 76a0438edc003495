import { pyFloatRepr } from './pyJsonDumps';
import { PyNumber } from './pyJsonExact';

// The qwen3_coder detector falls back to Python's ast.literal_eval for values it cannot read as JSON
// (a model writing {'city': 'Paris'} or ['a', 'b']). This reads the same literal syntax: numbers, strings,
// True/False/None, lists, tuples and dicts. Literals json.dumps cannot encode (sets, bytes, complex numbers)
// are reported as not convertible, and the value stays a string.

export class NotALiteral extends Error {}

/**
 * `exact`: numbers come back as PyNumber (printed as Python prints them) and dicts as Map (Python's key
 * order), for json.dumps with every digit kept (pyTreeDumps).
 */
export function pyLiteralEval(source: string, exact = false): unknown {
  // literal_eval strips spaces and tabs off the start only; a first token indented on a later line is an
  // IndentationError ("\n 42").
  if (indentedAfterNewline(source)) throw new NotALiteral('unexpected indent');
  const reader = new LiteralReader(source, exact);
  const value = reader.value();
  reader.skipSpace();
  if (!reader.atEnd()) reader.fail();
  return value;
}

// Python's tokenizer refuses more than 200 open brackets at once ("too many nested parentheses").
const MAX_LEVEL = 200;

class LiteralReader {
  private i = 0;
  /** Brackets open at this.i: capped as Python caps them, so nesting never costs more than that in stack. */
  private level = 0;
  constructor(
    private readonly s: string,
    private readonly exact: boolean,
  ) {}

  atEnd(): boolean {
    return this.i >= this.s.length;
  }

  fail(): never {
    throw new NotALiteral(`not a Python literal at ${this.i}`);
  }

  skipSpace(): void {
    while (this.i < this.s.length && ' \t\n\r\f\v'.includes(this.s[this.i] ?? '')) this.i++;
  }

  value(): unknown {
    this.skipSpace();
    const c = this.s[this.i];
    if (c === '[') return this.sequence(']');
    if (c === '(') return this.parenthesised();
    if (c === '{') return this.dict();
    if (c === '"' || c === "'") return this.strings();
    if (c === '-' || c === '+') {
      this.i++;
      this.skipSpace();
      // A sign applies to a number only: --1 is a malformed node to literal_eval.
      if (this.s[this.i] === '-' || this.s[this.i] === '+') this.fail();
      const n = this.value();
      if (n instanceof PyNumber) return c === '-' ? negate(n) : n;
      if (typeof n !== 'number') this.fail();
      return c === '-' ? -n : n;
    }
    for (const [word, v] of [
      ['True', true],
      ['False', false],
      ['None', null],
    ] as const) {
      if (this.s.startsWith(word, this.i) && !/\w/.test(this.s[this.i + word.length] ?? '')) {
        this.i += word.length;
        return v;
      }
    }
    return this.number();
  }

  private sequence(close: string): unknown[] {
    this.open();
    return this.items(close, []);
  }

  /** The rest of a list or tuple whose opening bracket and first `items` are read. */
  private items(close: string, items: unknown[]): unknown[] {
    for (;;) {
      this.skipSpace();
      if (this.s[this.i] === close) {
        this.i++;
        this.level--;
        return items;
      }
      items.push(this.value());
      this.skipSpace();
      if (this.s[this.i] === ',') this.i++;
      else if (this.s[this.i] !== close) this.fail();
    }
  }

  /** `(1)` is just 1; `(1,)` and `()` are tuples, which json.dumps writes as lists. */
  private parenthesised(): unknown {
    this.open();
    this.skipSpace();
    if (this.s[this.i] === ')') {
      this.i++;
      this.level--;
      return [];
    }
    const first = this.value();
    this.skipSpace();
    if (this.s[this.i] === ')') {
      this.i++;
      this.level--;
      return first;
    }
    // Read on from here: going back to re-read the first item as a tuple's costs twice per level.
    if (this.s[this.i] !== ',') this.fail();
    this.i++;
    return this.items(')', [first]);
  }

  /** Steps over an opening bracket. */
  private open(): void {
    this.i++;
    if (++this.level > MAX_LEVEL) this.fail();
  }

  private dict(): Record<string, unknown> | Map<string, unknown> {
    this.open();
    const out: Record<string, unknown> = {};
    const exact = new Map<string, unknown>();
    for (;;) {
      this.skipSpace();
      if (this.s[this.i] === '}') {
        this.i++;
        this.level--;
        return this.exact ? exact : out;
      }
      const key = this.value();
      this.skipSpace();
      // A set literal ({1, 2}) would be evaluated by Python but cannot be encoded by json.dumps.
      if (this.s[this.i] !== ':') this.fail();
      this.i++;
      const value = this.value();
      if (this.exact) exact.set(jsonKey(key), value);
      else out[jsonKey(key)] = value;
      this.skipSpace();
      if (this.s[this.i] === ',') this.i++;
      else if (this.s[this.i] !== '}') this.fail();
    }
  }

  /** Adjacent string literals concatenate, as in Python source. */
  private strings(): string {
    let out = '';
    do {
      out += this.string();
      this.skipSpace();
    } while (this.s[this.i] === '"' || this.s[this.i] === "'");
    return out;
  }

  private string(): string {
    const q = this.s[this.i] ?? '';
    const triple = this.s.startsWith(q.repeat(3), this.i);
    const quote = triple ? q.repeat(3) : q;
    this.i += quote.length;
    let out = '';
    for (;;) {
      if (this.atEnd()) this.fail();
      if (this.s.startsWith(quote, this.i)) {
        this.i += quote.length;
        return out;
      }
      const c = this.s[this.i++] ?? '';
      if (c === '\n' && !triple) this.fail();
      out += c === '\\' ? this.escape() : c;
    }
  }

  private escape(): string {
    const c = this.s[this.i++] ?? '';
    const simple: Record<string, string> = {
      n: '\n',
      t: '\t',
      r: '\r',
      b: '\b',
      f: '\f',
      v: '\v',
      a: '\x07',
      '\\': '\\',
      "'": "'",
      '"': '"',
      '\n': '',
    };
    const mapped = simple[c];
    if (mapped !== undefined) return mapped;
    const hexLength = c === 'x' ? 2 : c === 'u' ? 4 : c === 'U' ? 8 : 0;
    if (hexLength > 0) {
      const hex = this.s.slice(this.i, this.i + hexLength);
      if (!new RegExp(`^[0-9a-fA-F]{${hexLength}}$`).test(hex)) this.fail();
      this.i += hexLength;
      return String.fromCodePoint(parseInt(hex, 16));
    }
    const octal = /^[0-7]{1,3}/.exec(this.s.slice(this.i - 1, this.i + 2));
    if (octal) {
      this.i += octal[0].length - 1;
      return String.fromCharCode(parseInt(octal[0], 8));
    }
    // Python keeps unknown escapes verbatim.
    return '\\' + c;
  }

  private number(): number | PyNumber {
    const m =
      /^(?:0[xX](?:_?[0-9a-fA-F])+|0[oO](?:_?[0-7])+|0[bB](?:_?[01])+|(?:\d(?:_?\d)*)?(?:\.(?:\d(?:_?\d)*)?)?(?:[eE][+-]?\d(?:_?\d)*)?)/.exec(
        this.s.slice(this.i),
      );
    const text = m?.[0] ?? '';
    if (text === '' || text === '.' || !/\d/.test(text) || /^[eE]/.test(text)) this.fail();
    // A trailing j makes a complex number, and an identifier char means this was a name, not a literal.
    if (/[\w.]/.test(this.s[this.i + text.length] ?? '')) this.fail();
    this.i += text.length;
    const clean = text.replace(/_/g, '');
    if (/^0[xXoObB]/.test(clean)) return Number(clean);
    if (/^0\d/.test(clean) && !/[.eE]/.test(clean) && /[1-9]/.test(clean)) this.fail();
    if (!this.exact) return Number(clean);
    if (/^0[xXoObB]/.test(clean) || !/[.eE]/.test(clean)) return new PyNumber(BigInt(clean).toString());
    return new PyNumber(pyFloatRepr(Number(clean)));
  }
}

function indentedAfterNewline(source: string): boolean {
  const lines = source.replace(/^[ \t]+/, '').split(/\r\n|\r|\n/);
  const first = lines.findIndex((l) => !/^[ \t\f]*$/.test(l));
  return first > 0 && /^[ \t]/.test(lines[first] ?? '');
}

function negate(n: PyNumber): PyNumber {
  if (n.text.startsWith('-')) return new PyNumber(n.text.slice(1));
  return new PyNumber(n.text === '0' ? '0' : `-${n.text}`);
}

/** json.dumps turns non-string dict keys into strings this way. */
function jsonKey(key: unknown): string {
  if (typeof key === 'string') return key;
  if (key instanceof PyNumber) return key.text;
  if (typeof key === 'number') return String(key);
  if (typeof key === 'boolean') return key ? 'true' : 'false';
  if (key === null) return 'null';
  throw new NotALiteral('unhashable or non-encodable dict key');
}
