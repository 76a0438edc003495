import { pyFloatRepr } from './pyJsonDumps';
import { tryJsonParse } from './pyJsonLoads';

// json.dumps(json.loads(text), ensure_ascii=False) computed from the text itself, for where JavaScript values
// lose what Python keeps: an int beyond 2^53 keeps every digit, a float literal like 5.0 or 1e3 stays a float
// (5.0, 1000.0). Objects keep Python's dict order (a repeated key stays where it first appeared, with its
// last value).

/** A decoded JSON value that remembers how Python prints each number. */
export type PyJsonTree = PyNumber | string | boolean | null | PyJsonTree[] | Map<string, PyJsonTree>;

export class PyNumber {
  constructor(readonly text: string) {}
}

/** Whether `text` holds a number literal that Python prints differently from the nearest JavaScript number. */
export function mayLoseNumbers(text: string): boolean {
  return /\d[.eE]|\d{16}|-0(?![.\d])/.test(text);
}

/** Python's json.loads of `text` as a tree (NaN and Infinity allowed); undefined when it is not JSON. */
export function pyJsonTree(text: string): PyJsonTree | undefined {
  const r = new Reader(text);
  try {
    r.space();
    const value = r.value(0);
    r.space();
    return r.at === text.length ? value : undefined;
  } catch (e) {
    if (e instanceof NotJson) return undefined;
    throw e;
  }
}

export function pyTreeDumps(tree: PyJsonTree): string {
  if (tree instanceof PyNumber) return tree.text;
  if (tree === null) return 'null';
  if (typeof tree === 'boolean') return tree ? 'true' : 'false';
  if (typeof tree === 'string') return JSON.stringify(tree);
  if (Array.isArray(tree)) return `[${tree.map(pyTreeDumps).join(', ')}]`;
  return `{${[...tree].map(([k, v]) => `${JSON.stringify(k)}: ${pyTreeDumps(v)}`).join(', ')}}`;
}

/** The value at `path` (object keys and array indexes), if there is one. */
export function pyTreeAt(tree: PyJsonTree, path: readonly (string | number)[]): PyJsonTree | undefined {
  let node: PyJsonTree | undefined = tree;
  for (const step of path) {
    if (node instanceof Map && typeof step === 'string') node = node.get(step);
    else if (Array.isArray(node) && typeof step === 'number') node = node[step];
    else return undefined;
    if (node === undefined) return undefined;
  }
  return node;
}

class NotJson extends Error {}

/** Nesting deeper than this is left to the caller's ordinary reading (Python's own limit is about 1000). */
const MAX_DEPTH = 500;
const NUMBER = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?/y;
const STRING = /"(?:[^"\\]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;

class Reader {
  at = 0;
  constructor(private readonly text: string) {}

  space(): void {
    while (/[ \t\n\r]/.test(this.text.charAt(this.at))) this.at++;
  }

  value(depth: number): PyJsonTree {
    if (depth > MAX_DEPTH) throw new NotJson();
    const c = this.text.charAt(this.at);
    if (c === '{') return this.object(depth);
    if (c === '[') return this.array(depth);
    if (c === '"') return this.string();
    for (const [word, value] of WORDS) {
      if (this.text.startsWith(word, this.at)) {
        this.at += word.length;
        return value;
      }
    }
    return this.number();
  }

  object(depth: number): Map<string, PyJsonTree> {
    const out = new Map<string, PyJsonTree>();
    this.at++;
    this.space();
    if (this.text.charAt(this.at) === '}') {
      this.at++;
      return out;
    }
    for (;;) {
      this.space();
      if (this.text.charAt(this.at) !== '"') throw new NotJson();
      const key = this.string();
      this.space();
      if (this.text.charAt(this.at) !== ':') throw new NotJson();
      this.at++;
      this.space();
      out.set(key, this.value(depth + 1));
      this.space();
      const c = this.text.charAt(this.at++);
      if (c === '}') return out;
      if (c !== ',') throw new NotJson();
    }
  }

  array(depth: number): PyJsonTree[] {
    const out: PyJsonTree[] = [];
    this.at++;
    this.space();
    if (this.text.charAt(this.at) === ']') {
      this.at++;
      return out;
    }
    for (;;) {
      this.space();
      out.push(this.value(depth + 1));
      this.space();
      const c = this.text.charAt(this.at++);
      if (c === ']') return out;
      if (c !== ',') throw new NotJson();
    }
  }

  string(): string {
    STRING.lastIndex = this.at;
    const m = STRING.exec(this.text);
    // Python's json.loads (strict) refuses raw control characters inside strings, as JSON.parse does.
    const parsed = m === null ? undefined : tryJsonParse(m[0]);
    if (m === null || parsed === undefined || !parsed.ok) throw new NotJson();
    this.at += m[0].length;
    return parsed.value as string;
  }

  number(): PyNumber {
    NUMBER.lastIndex = this.at;
    const m = NUMBER.exec(this.text);
    if (m === null) throw new NotJson();
    this.at += m[0].length;
    // Python: a fraction or an exponent makes a float, else an int with all its digits.
    if (m[1] === undefined && m[2] === undefined) return new PyNumber(BigInt(m[0]).toString());
    return new PyNumber(pyFloatRepr(Number(m[0])));
  }
}

const WORDS: [string, PyJsonTree][] = [
  ['true', true],
  ['false', false],
  ['null', null],
  ['NaN', new PyNumber('NaN')],
  ['Infinity', new PyNumber('Infinity')],
  ['-Infinity', new PyNumber('-Infinity')],
];
