import { pyFloatRepr } from './pyJsonDumps';
import { PyNumber } from './pyJsonExact';

// The qwen3_coder detector falls back to Python's ast.literal_eval for values it cannot read as JSON
// (a model writing {'city': 'Paris'} or ['a', 'b']). This reads the same literal syntax: numbers, strings,
// True/False/None, lists, tuples and dicts. Literals json.dumps cannot encode (sets, bytes, complex numbers)
// are reported as not convertible, and the value stays a string.
//
// Known gaps (docs/toolcalls.md): `\N{NAME}` escapes are kept as written (no Unicode name table here), and a
// dict holding both 1 and '1' as keys gets one key where json.dumps writes the key twice.

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
  reader.skipSpace(true);
  const value = reader.value();
  reader.skipSpace(true);
  if (!reader.atEnd()) reader.fail();
  return value;
}

// Python's tokenizer refuses more than 200 open brackets at once ("too many nested parentheses").
const MAX_LEVEL = 200;
// Python refuses to read or print an int of more than 4300 digits (sys.int_info.default_max_str_digits).
const MAX_INT_DIGITS = 4300;

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

  /**
   * Spaces, comments and backslash continuations; line ends only inside brackets (or at the very start and
   * end), since outside them a line end ends the expression.
   */
  skipSpace(newlines = this.level > 0): void {
    for (;;) {
      const c = this.s[this.i];
      if (c === ' ' || c === '\t' || c === '\f') this.i++;
      else if (newlines && (c === '\n' || c === '\r')) this.i++;
      else if (c === '\\' && /^\\(?:\r\n?|\n)/.test(this.s.slice(this.i, this.i + 3))) {
        this.i += this.s.startsWith('\r\n', this.i + 1) ? 3 : 2;
      } else if (c === '#') {
        while (this.i < this.s.length && this.s[this.i] !== '\n' && this.s[this.i] !== '\r') this.i++;
      } else return;
    }
  }

  /** A value as the caller gets it: numbers as JavaScript numbers unless exact. */
  value(): unknown {
    const v = this.term();
    return v instanceof PyNumber && !this.exact ? Number(v.text) : v;
  }

  /** A value whose numbers stay PyNumber, so a sign or a dict key still knows how Python prints them. */
  private term(): unknown {
    this.skipSpace();
    const c = this.s[this.i];
    if (c === '[') return this.sequence(']');
    if (c === '(') return this.parenthesised();
    if (c === '{') return this.dict();
    if (c === '"' || c === "'" || /^[uUrR]['"]/.test(this.s.slice(this.i, this.i + 2))) return this.strings();
    if (c === '-' || c === '+') {
      this.i++;
      this.skipSpace();
      // A sign applies to a number only: --1 and -True are malformed nodes to literal_eval.
      if (this.s[this.i] === '-' || this.s[this.i] === '+') this.fail();
      const n = this.term();
      if (!(n instanceof PyNumber)) this.fail();
      return c === '-' ? negate(n) : n;
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
    const first = this.term();
    this.skipSpace();
    if (this.s[this.i] === ')') {
      this.i++;
      this.level--;
      return first;
    }
    // Read on from here: going back to re-read the first item as a tuple's costs twice per level.
    if (this.s[this.i] !== ',') this.fail();
    this.i++;
    return this.items(')', [first instanceof PyNumber && !this.exact ? Number(first.text) : first]);
  }

  /** Steps over an opening bracket. */
  private open(): void {
    this.i++;
    if (++this.level > MAX_LEVEL) this.fail();
  }

  private dict(): Record<string, unknown> | Map<string, unknown> {
    this.open();
    // By Python's key equality: 1, 1.0 and True are one key, which keeps where and how it first appeared.
    const entries = new Map<string, [string, unknown]>();
    for (;;) {
      this.skipSpace();
      if (this.s[this.i] === '}') {
        this.i++;
        this.level--;
        const pairs = [...entries.values()];
        // fromEntries defines own properties, so a '__proto__' key stays a key, as in JSON.parse.
        return this.exact ? new Map(pairs) : Object.fromEntries(pairs);
      }
      const key = this.term();
      this.skipSpace();
      // A set literal ({1, 2}) would be evaluated by Python but cannot be encoded by json.dumps.
      if (this.s[this.i] !== ':') this.fail();
      this.i++;
      const value = this.value();
      const identity = keyIdentity(key);
      entries.set(identity, [entries.get(identity)?.[0] ?? jsonKey(key), value]);
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
    } while (/^[uUrR]?['"]/.test(this.s.slice(this.i, this.i + 2)));
    return out;
  }

  /** One literal: u'' is an ordinary string, r'' keeps its backslashes (b'' bytes and f'' are not literals). */
  private string(): string {
    const prefix = /[uUrR]/.test(this.s[this.i] ?? '') ? (this.s[this.i++] ?? '') : '';
    const raw = prefix === 'r' || prefix === 'R';
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
      if ((c === '\n' || c === '\r') && !triple) this.fail();
      if (c !== '\\') out += c;
      // A raw string keeps the backslash and the character after it, which cannot end the string.
      else if (raw) out += c + (this.atEnd() ? this.fail() : this.s[this.i++]);
      else out += this.escape();
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

  private number(): PyNumber {
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
    if (/^0\d/.test(clean) && !/[.eE]/.test(clean) && /[1-9]/.test(clean)) this.fail();
    if (!/^0[xXoObB]/.test(clean) && /[.eE]/.test(clean)) return new PyNumber(pyFloatRepr(Number(clean)));
    const int = BigInt(clean).toString();
    if (int.length > MAX_INT_DIGITS) this.fail();
    return new PyNumber(int);
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

/** Which keys Python's dict takes as one: equal numbers (True is 1), else equal values of one type. */
function keyIdentity(key: unknown): string {
  if (typeof key === 'boolean') return key ? 'n:1' : 'n:0';
  if (!(key instanceof PyNumber)) return typeof key === 'string' ? `s:${key}` : `o:${String(key)}`;
  if (/^-?\d+$/.test(key.text)) return `n:${key.text.replace(/^-0$/, '0')}`;
  const x = Number(key.text);
  return Number.isInteger(x) ? `n:${BigInt(x)}` : `f:${key.text}`;
}

/** json.dumps turns non-string dict keys into strings this way. */
function jsonKey(key: unknown): string {
  if (typeof key === 'string') return key;
  if (key instanceof PyNumber) return key.text;
  if (typeof key === 'boolean') return key ? 'true' : 'false';
  if (key === null) return 'null';
  throw new NotALiteral('unhashable or non-encodable dict key');
}
