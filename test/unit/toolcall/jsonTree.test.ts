import fc from 'fast-check';
import { getNodeValue, parse, parseTree, type Node, type ParseError } from 'jsonc-parser';
import { describe, expect, it } from 'vitest';
import { locateJsonError } from '../../../src/core/toolcall/jsonError';
import { JsonSource } from '../../../src/core/toolcall/jsonSource';
import { nodeValue, parseJsonTree, type JsonTreeOptions } from '../../../src/core/toolcall/jsonTree';

/** jsonc-parser's tree without parent links, which make it cyclic. */
function plain(node: Node | undefined): unknown {
  return node === undefined
    ? undefined
    : JSON.parse(JSON.stringify(node, (k, v: unknown) => (k === 'parent' ? undefined : v)));
}

function firstJsoncError(text: string, options: JsonTreeOptions): ParseError | undefined {
  const errors: ParseError[] = [];
  parse(text, errors, {
    disallowComments: !options.allowComments,
    allowTrailingComma: options.allowTrailingComma ?? false,
    allowEmptyContent: false,
  });
  return errors[0];
}

// Text that is JSON, or nearly: valid documents with a few characters cut, swapped or inserted.
const jsonish = fc
  .tuple(
    fc.jsonValue({ maxDepth: 4 }),
    fc.constantFrom(0, 1),
    fc.array(
      fc.tuple(
        fc.nat(),
        fc.constantFrom('', ',', ']', '}', '[', '{', '"', ':', '/', '/*', 'x', '\\', '1.', '\n'),
      ),
    ),
  )
  .map(([value, indent, edits]) => {
    let out = JSON.stringify(value, null, indent);
    for (const [at, insert] of edits) {
      const i = out.length === 0 ? 0 : at % out.length;
      out = out.slice(0, i) + insert + out.slice(i + (insert === '' ? 1 : 0));
    }
    return out;
  });

describe('parseJsonTree', () => {
  it('builds the tree jsonc-parser builds, and stops at the error it reports first', () => {
    fc.assert(
      fc.property(jsonish, fc.boolean(), fc.boolean(), (text, allowComments, allowTrailingComma) => {
        const options = { allowComments, allowTrailingComma };
        const mine = parseJsonTree(text, options);
        const first = firstJsoncError(text, options);
        expect(mine.error).toEqual(first);
        if (first === undefined) {
          const theirs = parseTree(text, [], { disallowComments: !allowComments, allowTrailingComma });
          expect(plain(mine.root)).toEqual(plain(theirs));
          expect(nodeValue(mine.root!)).toEqual(getNodeValue(theirs!));
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps a "__proto__" key as a key, as JSON.parse does (fast-check found it)', () => {
    const text = '{"__proto__":null,"a":{"__proto__":[1]}}';
    const value = nodeValue(parseJsonTree(text).root!);
    expect(value).toEqual(JSON.parse(text));
    expect(Object.keys(value as object)).toEqual(['__proto__', 'a']);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
  });

  it('reads 100,000 levels of nesting without using the stack for them', () => {
    const depth = 100_000;
    const deep = '['.repeat(depth) + ']'.repeat(depth);
    expect(() => parseTree(deep)).toThrow(RangeError);
    const { root } = parseJsonTree(deep);
    expect(root?.length).toBe(deep.length);
    let value = nodeValue(root!);
    let levels = 0;
    while (Array.isArray(value)) {
      levels++;
      value = value[0];
    }
    expect(levels).toBe(depth);
  });

  it('places the error of unclosed nesting where the text ends', () => {
    const text = '{"name": "f", "arguments": ' + '['.repeat(5000);
    expect(parseJsonTree(text).error).toMatchObject({ offset: text.length, length: 0 });
    expect(locateJsonError(text)).toMatchObject({
      offset: text.length,
      reason: 'the JSON is cut off before it ends',
    });
  });

  it('finds offsets inside deeply nested records', () => {
    const line = `{"a": ${'['.repeat(50_000)}"x"${']'.repeat(50_000)}, "b": "value"}`;
    const source = new JsonSource(line, 10, line);
    expect(source.node(['b'])?.offset).toBe(line.indexOf('"value"'));
  });
});
