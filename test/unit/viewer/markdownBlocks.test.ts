import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Block, Inline } from '../../../webview/viewer/markdownBlocks';
import { inlines, markdownBlocks } from '../../../webview/viewer/markdownBlocks';
import { prettyJson } from '../../../webview/viewer/prettyCode';

const leaves = (nodes: readonly Inline[]): string[] =>
  nodes.flatMap((n) =>
    n.kind === 'text' || n.kind === 'code'
      ? [n.text]
      : n.kind === 'link'
        ? [...leaves(n.children), n.href]
        : leaves(n.children),
  );
const blockLeaves = (b: Block): string[] =>
  b.kind === 'code'
    ? [b.text]
    : b.kind === 'list'
      ? b.items.flatMap(leaves)
      : b.kind === 'rule'
        ? []
        : leaves(b.children);

describe('markdown blocks', () => {
  it('reads headings, lists, fences, quotes, rules and paragraphs', () => {
    const blocks = markdownBlocks(
      '## Plan\n\n1. find the user\n2. cancel\n\n> quoted\n\n---\n```json\n{"a": 1}\n```\nDone **now**.',
    );
    expect(blocks.map((b) => b.kind)).toEqual(['heading', 'list', 'quote', 'rule', 'code', 'paragraph']);
    expect(blocks[0]).toMatchObject({ kind: 'heading', level: 2 });
    expect(blocks[1]).toMatchObject({ kind: 'list', ordered: true });
    expect(blocks[4]).toEqual({ kind: 'code', lang: 'json', text: '{"a": 1}' });
    expect(blocks[5]).toEqual({
      kind: 'paragraph',
      children: [
        { kind: 'text', text: 'Done ' },
        { kind: 'strong', children: [{ kind: 'text', text: 'now' }] },
        { kind: 'text', text: '.' },
      ],
    });
  });

  it('keeps an unclosed fence (a truncated turn) as code to the end', () => {
    expect(markdownBlocks('text\n```py\nprint(1)')).toEqual([
      { kind: 'paragraph', children: [{ kind: 'text', text: 'text' }] },
      { kind: 'code', lang: 'py', text: 'print(1)' },
    ]);
  });

  it('leaves raw HTML as text and keeps a link target as data', () => {
    expect(inlines('<img src=x onerror=alert(1)> [go](javascript:alert(1))')).toEqual([
      { kind: 'text', text: '<img src=x onerror=alert(1)> ' },
      { kind: 'link', children: [{ kind: 'text', text: 'go' }], href: 'javascript:alert(1' },
      { kind: 'text', text: ')' },
    ]);
  });

  it('leaves double underscores inside words alone', () => {
    expect(inlines('snake__case__name and __b__')).toEqual([
      { kind: 'text', text: 'snake__case__name and ' },
      { kind: 'strong', children: [{ kind: 'text', text: 'b' }] },
    ]);
  });

  it('never invents text: every leaf is a piece of the input', () => {
    fc.assert(
      fc.property(
        fc.string({
          maxLength: 200,
          unit: fc.constantFrom(
            '#',
            '-',
            '*',
            '`',
            '>',
            '[',
            ']',
            '(',
            ')',
            ' ',
            '\n',
            'a',
            '1',
            '.',
            '_',
            '<',
          ),
        }),
        (text) => {
          for (const leaf of markdownBlocks(text).flatMap(blockLeaves)) expect(text).toContain(leaf);
        },
      ),
      // A quote of several lines once came back as one leaf the input did not hold.
      { examples: [['>\n>#']] },
    );
  });
});

describe('pretty JSON', () => {
  it('formats a JSON text, or the JSON after a header line, and leaves other text alone', () => {
    expect(prettyJson('{"a":[1,2]}')).toBe('{\n  "a": [\n    1,\n    2\n  ]\n}');
    expect(prettyJson('Tool result for f(x=\'1\'):\n{"ok":true}')).toBe(
      'Tool result for f(x=\'1\'):\n{\n  "ok": true\n}',
    );
    expect(prettyJson('{not json}')).toBeNull();
    expect(prettyJson('plain words')).toBeNull();
  });
});
