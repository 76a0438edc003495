// Reads the Python reprs slime logs its metrics with (reference/slime.md 2.5): dicts, lists and
// tuples of str, int, float, True/False/None, plus what ast.literal_eval refuses but repr() prints:
// nan, inf, -inf, and numpy 2 scalars such as np.float64(0.5). Anything else throws.

import { MAX_JSON_DEPTH } from '../../shared/jsonDepth';

export class NotAPythonRepr extends Error {}

export type PyValue = number | string | boolean | null | PyValue[] | { [key: string]: PyValue };

export function parsePyRepr(text: string): PyValue {
  const r = new Reader(text);
  const v = r.value();
  r.space();
  if (!r.end()) r.fail('trailing text');
  return v;
}

class Reader {
  private i = 0;
  /** Values open at this.i: a log line nesting deeper than JSON is read is refused, not a stack overflow. */
  private depth = 0;
  constructor(private readonly s: string) {}

  end(): boolean {
    return this.i >= this.s.length;
  }

  fail(what: string): never {
    throw new NotAPythonRepr(`${what} at ${this.i}`);
  }

  space(): void {
    while (this.i < this.s.length && /\s/.test(this.s[this.i] as string)) this.i++;
  }

  value(): PyValue {
    if (++this.depth > MAX_JSON_DEPTH) this.fail('nested too deeply');
    const v = this.valueHere();
    this.depth--;
    return v;
  }

  private valueHere(): PyValue {
    this.space();
    const c = this.s[this.i];
    if (c === '{') return this.dict();
    if (c === '[') return this.seq(']');
    if (c === '(') return this.seq(')');
    if (c === "'" || c === '"') return this.str();
    const word =
      /^(?:[-+]?(?:inf|nan|\d[\d_]*\.?\d*(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?)|True|False|None|[A-Za-z_][\w.]*\()/.exec(
        this.s.slice(this.i),
      )?.[0];
    if (!word) this.fail('unexpected character');
    this.i += word.length;
    if (word === 'True') return true;
    if (word === 'False') return false;
    if (word === 'None') return null;
    if (word.endsWith('(')) {
      // np.float64(0.5), torch.tensor(1.0): the single argument is the value.
      const inner = this.value();
      this.space();
      if (this.s[this.i] !== ')') this.fail('expected )');
      this.i++;
      return inner;
    }
    const sign = word.startsWith('-') ? -1 : 1;
    const bare = word.replace(/^[-+]/, '');
    if (bare === 'inf') return sign * Infinity;
    if (bare === 'nan') return Number.NaN;
    return sign * Number(bare.replaceAll('_', ''));
  }

  private dict(): { [key: string]: PyValue } {
    this.i++;
    const out: { [key: string]: PyValue } = {};
    for (;;) {
      this.space();
      if (this.s[this.i] === '}') {
        this.i++;
        return out;
      }
      const key = this.value();
      this.space();
      if (this.s[this.i] !== ':') this.fail('expected :');
      this.i++;
      out[String(key)] = this.value();
      this.space();
      if (this.s[this.i] === ',') this.i++;
      else if (this.s[this.i] !== '}') this.fail('expected , or }');
    }
  }

  private seq(close: string): PyValue[] {
    this.i++;
    const out: PyValue[] = [];
    for (;;) {
      this.space();
      if (this.s[this.i] === close) {
        this.i++;
        return out;
      }
      out.push(this.value());
      this.space();
      if (this.s[this.i] === ',') this.i++;
      else if (this.s[this.i] !== close) this.fail(`expected , or ${close}`);
    }
  }

  private str(): string {
    const quote = this.s[this.i] as string;
    this.i++;
    let out = '';
    while (this.i < this.s.length && this.s[this.i] !== quote) {
      const c = this.s[this.i] as string;
      if (c === '\\') {
        const n = this.s[this.i + 1] ?? '';
        const simple: Record<string, string> = {
          n: '\n',
          t: '\t',
          r: '\r',
          '\\': '\\',
          "'": "'",
          '"': '"',
          '0': '\0',
        };
        if (n in simple) {
          out += simple[n];
          this.i += 2;
        } else if (n === 'x' || n === 'u' || n === 'U') {
          const len = n === 'x' ? 2 : n === 'u' ? 4 : 8;
          out += String.fromCodePoint(parseInt(this.s.slice(this.i + 2, this.i + 2 + len), 16));
          this.i += 2 + len;
        } else {
          out += c;
          this.i++;
        }
      } else {
        out += c;
        this.i++;
      }
    }
    if (this.s[this.i] !== quote) this.fail('unterminated string');
    this.i++;
    return out;
  }
}
