import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonLocator } from '../../../src/core/toolcall/jsonLocator';

/** Every path to a value inside v, with the value. */
function paths(v: unknown, prefix: (string | number)[] = []): [(string | number)[], unknown][] {
  const out: [(string | number)[], unknown][] = [[prefix, v]];
  if (Array.isArray(v)) v.forEach((x, i) => out.push(...paths(x, [...prefix, i])));
  else if (typeof v === 'object' && v !== null) {
    for (const [k, x] of Object.entries(v)) out.push(...paths(x, [...prefix, k]));
  }
  return out;
}

describe('JsonLocator', () => {
  it('finds the exact text of every value and key, compact or indented', () => {
    fc.assert(
      fc.property(
        fc.jsonValue({ maxDepth: 4 }),
        fc.constantFrom(undefined, 2),
        fc.nat(5),
        (value, indent, pad) => {
          const json = JSON.stringify(value, null, indent);
          const base = pad;
          const locator = new JsonLocator(json, base);
          for (const [path, sub] of paths(JSON.parse(json))) {
            const range = locator.range(path);
            expect(range).toBeDefined();
            expect(JSON.parse(json.slice(range![0] - base, range![1] - base))).toEqual(sub);
            const last = path[path.length - 1];
            if (typeof last === 'string') {
              const key = locator.range(path, true)!;
              expect(JSON.parse(json.slice(key[0] - base, key[1] - base))).toBe(last);
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('takes the last of duplicate keys, as JSON.parse does, and misses absent paths', () => {
    const json = '{"a": 1, "b": {"c": [10, 20]}, "a": "two"}';
    const locator = new JsonLocator(json, 0);
    expect(json.slice(...locator.range(['a'])!)).toBe('"two"');
    expect(json.slice(...locator.range(['b', 'c', 1])!)).toBe('20');
    expect(locator.range(['b', 'x'])).toBeUndefined();
    expect(locator.range(['b', 'c', 5])).toBeUndefined();
  });
});
