import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, inject, it } from 'vitest';
import { pyJsonLoads } from '../../../src/core/toolcall/pyJsonLoads';
import { pyTreeDumps, type PyJsonTree } from '../../../src/core/toolcall/pyJsonExact';
import { NotALiteral, pyLiteralEval } from '../../../src/core/toolcall/pyLiteral';

// Python itself is the oracle for pyLiteral: the pinned test interpreter evaluates each generated text with
// ast.literal_eval and prints json.dumps of it (every digit of an int kept), or null where literal_eval or
// json.dumps refuses it, which is where SGLang keeps the parameter as a string.

const PYTHON = inject('testPython');
const ORACLE = `
import ast, json, sys
out = []
for text in json.load(sys.stdin):
    try:
        out.append(json.dumps(ast.literal_eval(text)))
    except Exception:
        out.append(None)
json.dump(out, sys.stdout)
`;

function pythonDumps(texts: string[]): (string | null)[] {
  const r = spawnSync(PYTHON, ['-c', ORACLE], { input: JSON.stringify(texts), encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as (string | null)[];
}

/** Our json.dumps text in Python's default ensure_ascii form, or null where we refuse the text. */
function ourDumps(text: string): string | null {
  try {
    const exact = pyTreeDumps(pyLiteralEval(text, true) as PyJsonTree);
    return exact.replace(/[\u007f-\uffff]/g, (c) =>
      c === '\u007f' ? c : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
    );
  } catch (e) {
    if (e instanceof NotALiteral) return null;
    throw e;
  }
}

/** Our plain JavaScript value, or null where we refuse the text. */
function ourValue(text: string): { value: unknown } | null {
  try {
    return { value: pyLiteralEval(text) };
  } catch (e) {
    if (e instanceof NotALiteral) return null;
    throw e;
  }
}

const digits = (min: number, max: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: min, maxLength: max });
const sign = fc.constantFrom('', '-', '+', '- ');
const int = fc.oneof(
  fc.tuple(sign, fc.bigInt({ min: 0n, max: 1n << 80n })).map(([s, n]) => `${s}${n}`),
  fc.tuple(sign, fc.bigInt({ min: 0n, max: 1n << 70n })).map(([s, n]) => `${s}0x${n.toString(16)}`),
  fc.tuple(sign, fc.integer({ min: 0, max: 4095 })).map(([s, n]) => `${s}0o${n.toString(8)}`),
  fc.tuple(sign, fc.integer({ min: 0, max: 255 })).map(([s, n]) => `${s}0b${n.toString(2)}`),
  fc.tuple(digits(1, 3), digits(1, 3)).map(([a, b]) => `${a}_${b}`),
);
const float = fc.oneof(
  fc
    .tuple(sign, digits(0, 20), digits(0, 20))
    .map(([s, a, b]) => `${s}${a}.${b === '' && a === '' ? '0' : b}`),
  fc
    .tuple(sign, digits(1, 6), fc.constantFrom('e', 'E', 'e-', 'e+'), digits(1, 3))
    .map(([s, m, e, x]) => `${s}${m}${e}${x}`),
  fc.constantFrom('1e999', '-1e999', '0.0', '-0.0', '5.0', '1e22', '1e16', '0.1', '2.5e-324'),
);
const stringChar = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...'abc xyz_-:/{}[]()#,') },
  { weight: 2, arbitrary: fc.constantFrom('é', '中', '😀', '\u2028', '\u00a0') },
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      ...['\\n', '\\t', '\\\\', "\\'", '\\"', '\\x41', '\\xe9', '\\u00e9', '\\U0001F600', '\\101', '\\0'],
      ...['\\7', '\\q', '\\d', '\\a', '\\b', '\\f', '\\v', '\\r', '\\\n', '\\u2028'],
    ),
  },
);
const stringBody = fc.array(stringChar, { maxLength: 8 }).map((cs) => cs.join(''));
const pyString = fc
  .tuple(
    fc.constantFrom('', '', '', 'u', 'r', 'R', 'b', 'f'),
    fc.constantFrom("'", '"', "'''", '"""'),
    stringBody,
  )
  // A body that ends in a lone backslash-quote or holds the quote unescaped would just be a broken literal.
  .map(([prefix, q, body]) => `${prefix}${q}${body.split(q[0]!).join(`\\${q[0]!}`)}${q}`);
const key = fc.oneof(
  fc.constantFrom(
    ...["'__proto__'", '"__proto__"', "'constructor'", "'toString'", "'hasOwnProperty'", "'a'", "'b'"],
    ...['1', '1.0', 'True', 'False', '0', '-0.0', 'None', '2.5', '1e999', '(1, 2)', '"x" \'y\''],
  ),
  int,
  pyString,
);
const space = fc.constantFrom('', ' ', '  ', '\n', '\n  ', '\t', ' # note\n');
const { value: literal } = fc.letrec<{ value: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    int,
    float,
    pyString,
    fc.constantFrom('None', 'True', 'False', 'none', 'true', 'null'),
    fc
      .array(fc.tuple(space, tie('value')), { maxLength: 4 })
      .map((xs) => `[${xs.map(([s, v]) => s + v).join(',')}]`),
    fc
      .array(fc.tuple(space, tie('value')), { maxLength: 4 })
      .map((xs) => (xs.length === 1 ? `(${xs[0]![1]},)` : `(${xs.map(([s, v]) => s + v).join(', ')})`)),
    fc
      .array(fc.tuple(key, space, tie('value')), { maxLength: 4 })
      .map((kvs) => `{${kvs.map(([k, s, v]) => `${k}:${s}${v}`).join(', ')}}`),
  ),
}));

describe('Python literals, against ast.literal_eval', () => {
  it('every generated literal reads as Python reads it, json.dumps text and value alike', () => {
    const texts = fc.sample(literal, { numRuns: 3000, seed: 20 });
    const theirs = pythonDumps(texts);
    const disagreements = texts.flatMap((text, i) => {
      const expected = theirs[i] ?? null;
      const got = ourDumps(text);
      if (got !== expected) return [{ text, python: expected, ours: got }];
      const value = ourValue(text);
      // The JavaScript value is what json.loads makes of Python's text (numbers to the nearest double).
      const parsed = expected === null ? undefined : pyJsonLoads(expected);
      const expectedValue = parsed?.ok ? { value: parsed.value } : null;
      try {
        expect(value).toEqual(expectedValue);
      } catch {
        return [{ text, python: expected, ours: JSON.stringify(value) }];
      }
      return [];
    });
    expect(disagreements.slice(0, 10)).toEqual([]);
    // The generator reaches both sides: texts Python reads and texts it refuses.
    expect(theirs.filter((t) => t === null).length).toBeGreaterThan(50);
    expect(theirs.filter((t) => t !== null).length).toBeGreaterThan(1000);
  });

  it("keeps a '__proto__' key as an ordinary key, as Python and JSON.parse do", () => {
    const value = pyLiteralEval("{'__proto__': {'polluted': 1}, 'a': 2}") as Record<string, unknown>;
    expect(Object.keys(value)).toEqual(['__proto__', 'a']);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(value).toEqual(JSON.parse('{"__proto__": {"polluted": 1}, "a": 2}'));
    expect(pythonDumps(["{'__proto__': {'polluted': 1}, 'a': 2}"])).toEqual([
      '{"__proto__": {"polluted": 1}, "a": 2}',
    ]);
  });

  it('agrees on the edges the generator rarely reaches', () => {
    const texts = [
      '1'.repeat(4300),
      '1'.repeat(4301),
      `0x${'f'.repeat(3570)}`,
      `0x${'f'.repeat(3575)}`,
      '-\n1',
      '-\\\n1',
      "'a'\n'b'",
      "('a'\n'b')",
      '[1,\v2]',
      '[1,\f2]',
      '[1, # two\n 2]  # end',
      '{1: 2, True: 3}',
      '{True: 1, 1.0: 2, 1: 3}',
      '{0.5: 1, 1e999: 2, -0.0: 3, 0: 4}',
      '{(1, 2): 3}',
      "r'\\''",
      "r'\\'",
      "u'\\x41'",
      "b'x'",
      "f'x'",
      '-True',
      '-(1)',
    ];
    expect(texts.map(ourDumps)).toEqual(pythonDumps(texts));
  });

  it('differs from Python where docs/toolcalls.md says it does', () => {
    // One dict holding 1 and '1': Python writes the key twice; a Map holds it once, with the last value.
    expect(pythonDumps(["{1: 'a', '1': 'b'}"])).toEqual(['{"1": "a", "1": "b"}']);
    expect(ourDumps("{1: 'a', '1': 'b'}")).toBe('{"1": "b"}');
    // \N{...} needs Unicode's name table: Python reads the character, the escape is kept as written here.
    expect(pythonDumps(["'\\N{BULLET}'"])).toEqual(['"\\u2022"']);
    expect(ourDumps("'\\N{BULLET}'")).toBe('"\\\\N{BULLET}"');
  });
});
