import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Diagnostic, TurnAnalysis } from '../../../src/core/toolcall/types';
import { alignTurns } from '../../../webview/viewer/alignTurns';
import { pieces, segments } from '../../../webview/viewer/textSegments';
import { callBlocks, looseDiagnostics } from '../../../webview/viewer/toolCallBlocks';

const diag = (start: number, end: number, code = 'TC002'): Diagnostic => ({
  code,
  severity: 'error',
  message: 'm',
  start,
  end,
});

describe('text segments', () => {
  it('cut the text at every diagnostic boundary and lose nothing', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 80 }),
        fc.array(fc.tuple(fc.nat(90), fc.nat(20)), { maxLength: 5 }),
        (text, ranges) => {
          const ds = ranges.map(([s, l]) => diag(Math.min(s, text.length), Math.min(s + l, text.length)));
          const segs = segments(text, ds);
          expect(segs.map((s) => s.text).join('')).toBe(text);
          let at = 0;
          for (const s of segs) {
            for (const d of s.marks)
              if (s.text !== '') expect(d.start <= at && d.end >= at + s.text.length).toBe(true);
            at += s.text.length;
          }
        },
      ),
    );
  });

  it('give an empty diagnostic a marker of its own and clip at the limit', () => {
    const segs = segments('<tool_call>{"a":1}', [diag(11, 11, 'TC001')]);
    expect(segs).toEqual([
      { text: '<tool_call>', marks: [] },
      { text: '', marks: [diag(11, 11, 'TC001')] },
      { text: '{"a":1}', marks: [] },
    ]);
    expect(
      segments('abcdef', [], 3)
        .map((s) => s.text)
        .join(''),
    ).toBe('abc');
  });

  it('split out bidi overrides and other invisible characters as named tokens', () => {
    expect(pieces('pay \u202Eevil\u202C now\u200B')).toEqual([
      { kind: 'text', text: 'pay ' },
      { kind: 'invisible', code: 'U+202E' },
      { kind: 'text', text: 'evil' },
      { kind: 'invisible', code: 'U+202C' },
      { kind: 'text', text: ' now' },
      { kind: 'invisible', code: 'U+200B' },
    ]);
  });
});

describe('tool-call blocks', () => {
  const text = 'hi <tool_call>\n{"name":"a","arguments":{}}\n</tool_call> <tool_call>{"name":"b",}';
  const firstEnd = text.indexOf('</tool_call>') + '</tool_call>'.length;
  const analysis: TurnAnalysis = {
    verdict: {
      parser: 'qwen25',
      reasoningParser: 'qwen3',
      content: 'hi',
      reasoning: null,
      calls: [{ name: 'a', arguments: {} }],
      finishReason: 'tool_calls',
    },
    calls: [{ name: 'a', arguments: {}, start: 3, end: firstEnd }],
    diagnostics: [diag(firstEnd + 1, text.length, 'TC002'), diag(0, 2, 'TC010')],
  };

  it('pairs each block with its parsed call and the diagnostics inside it; an unclosed block runs to the end', () => {
    const blocks = callBlocks(text, analysis);
    expect(blocks.map((b) => [b.start, b.closed, b.parsed?.name, b.diagnostics.map((d) => d.code)])).toEqual([
      [3, true, 'a', []],
      [firstEnd + 1, false, undefined, ['TC002']],
    ]);
    expect(blocks[1]!.end).toBe(text.length);
    expect(looseDiagnostics(analysis, blocks).map((d) => d.code)).toEqual(['TC010']);
  });
});

describe('turn alignment', () => {
  const t = (role: 'user' | 'assistant', text: string) => ({ role, text, toolCalls: [] });
  it('finds the first turn where two samples of a group diverge', () => {
    const shared = [t('user', 'hi'), t('assistant', 'a')];
    const { rows, firstDivergence } = alignTurns(
      [...shared, t('user', 'x')],
      [...shared, t('user', 'y'), t('assistant', 'z')],
    );
    expect(firstDivergence).toBe(2);
    expect(rows.map((r) => r.same)).toEqual([true, true, false, false]);
    expect(rows[3]!.left).toBeUndefined();
    expect(alignTurns(shared, shared).firstDivergence).toBeNull();
  });
});
