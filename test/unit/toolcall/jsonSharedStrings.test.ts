import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeTurn } from '../../../src/core/toolcall/analyzeTurn';
import { parseSharingLongStrings, SHARED_STRING_MIN } from '../../../src/core/toolcall/jsonSharedStrings';

// parseSharingLongStrings must be JSON.parse exactly: the same value (keys, order, __proto__ keys, lone
// surrogates) for every text JSON.parse reads, and a throw for every text it rejects.

function outcome(parse: () => unknown): { value: unknown } | { threw: true } {
  try {
    return { value: parse() };
  } catch {
    return { threw: true };
  }
}

function sameAsJsonParse(text: string, min: number): void {
  const mine = outcome(() => parseSharingLongStrings(text, min));
  const theirs = outcome(() => JSON.parse(text));
  expect(mine).toEqual(theirs);
  if ('value' in mine && 'value' in theirs)
    expect(JSON.stringify(mine.value)).toBe(JSON.stringify(theirs.value));
}

describe('JSON.parse with long strings shared', () => {
  it('reads any JSON value as JSON.parse does, with every string long enough to be shared', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.integer({ min: 0, max: 4 }), (value, min) => {
        sameAsJsonParse(JSON.stringify(value), min);
        sameAsJsonParse(JSON.stringify(value, null, 1), min);
      }),
      { numRuns: 500 },
    );
  });

  it('rejects what JSON.parse rejects: any text cut short or with a character changed', () => {
    fc.assert(
      fc.property(
        fc.jsonValue(),
        fc.nat(),
        fc.constantFrom('"', '\\', '\n', '\t', ':', ',', '}', ''),
        (value, at, swap) => {
          const text = JSON.stringify({ a: value, b: 'long enough' });
          const i = at % text.length;
          sameAsJsonParse(text.slice(0, i) + swap + text.slice(i + 1), 1);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('leaves keys, escaped strings and strings with raw control characters to JSON.parse', () => {
    for (const text of [
      '{"aaaa": "bbbb", "cccc" : "dd\\"dd"}',
      '["aa\\\\", "bbbb\\u00e9", "x\\n"]',
      '{"__proto__": "pppp", "k": ["\\ud83d", "qqqq"]}',
      '["tab\there"]',
      '"whole"',
      '{"a": "x", "b": "y"} trailing',
      '["unterminated',
    ])
      sameAsJsonParse(text, 2);
  });

  it('keeps a text that names its own placeholder, raw or escaped, exact', () => {
    for (const text of ['["\uE000rs-shared:0", "aaaaaaaa"]', '["\\uE000rs-shared:0", "aaaaaaaa"]'])
      sameAsJsonParse(text, 2);
  });

  it('gives a 1 MiB argument whole in the verdict of a turn', () => {
    const big = 'x'.repeat(SHARED_STRING_MIN);
    const text = `<tool_call>\n{"name": "f", "arguments": {"a": "${big}", "n": 12345678901234567890}}\n</tool_call>`;
    const analysis = analyzeTurn(text, {
      profile: { parser: 'qwen25', reasoningParser: 'none', policy: 'sglang' },
    });
    expect(analysis.diagnostics).toEqual([]);
    const call = analysis.verdict.calls[0]!;
    // Compared as booleans: a failure must not print a megabyte.
    expect((call.arguments as { a: string }).a === big).toBe(true);
    // The big int stays exact beside the shared string.
    expect(call.argumentsJson === `{"a": "${big}", "n": 12345678901234567890}`).toBe(true);
  });
});
