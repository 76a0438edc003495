import { describe, expect, it } from 'vitest';
import { runLintCommand } from '../../../src/cli/lint';
import { analyzeTurn } from '../../../src/core/toolcall/analyzeTurn';
import { jsonEqual } from '../../../src/core/toolcall/jsonEqual';
import { NotALiteral, pyLiteralEval } from '../../../src/core/toolcall/pyLiteral';
import type { Profile, ToolSpec } from '../../../src/core/toolcall/types';
import { capturedIo } from '../capturedIo';

const record = (content: string, extra: Record<string, unknown> = {}): string =>
  JSON.stringify({
    messages: [
      { role: 'user', content: 'hi' },
      { role: 'assistant', content },
    ],
    ...extra,
  });
const call = (args: string): string => `<tool_call>\n{"name": "f", "arguments": ${args}}\n</tool_call>`;
const nested = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth);

async function lint(files: Record<string, string>, argv: string[]) {
  const t = capturedIo(files);
  const code = await runLintCommand(argv, t.io);
  return { code, stdout: t.stdout(), stderr: t.stderr() };
}

describe('deeply nested input', () => {
  it('lint reports a turn of 5,000 unclosed brackets at its line and reads the rest of the file', async () => {
    const ok = record(call('{"a": 1}'));
    const text = [
      ok,
      record(`<tool_call>\n{"name": "f", "arguments": ${'['.repeat(5000)}\n</tool_call>`),
      ok,
      record(call(nested(100_000))),
      JSON.stringify({ messages: [{ role: 'assistant', content: 'x' }], metadata: JSON.parse(nested(2000)) }),
      record(call('{"a": '.repeat(999) + '1' + '}'.repeat(999))),
    ].join('\n');
    for (const format of ['text', 'json']) {
      const { code, stdout, stderr } = await lint({ 'deep.jsonl': text }, ['deep.jsonl', '--format', format]);
      expect(stderr).toBe('');
      expect(code).toBe(1);
      if (format === 'json') {
        const report = JSON.parse(stdout) as { summary: { records: number; calls: number; errors: number } };
        expect(report.summary).toMatchObject({ records: 6, calls: 3, errors: 2 });
        continue;
      }
      const lines = stdout.trim().split('\n');
      expect(lines).toEqual([
        expect.stringMatching(
          /^deep\.jsonl:5:1: error unreadable record: not read at column \d+: it nests more than 1,000 levels/,
        ),
        expect.stringMatching(
          /^deep\.jsonl:2:\d+: error TC002 The block cannot be read: it nests more than 1,000 levels/,
        ),
        expect.stringMatching(/^deep\.jsonl:4:\d+: error TC002 The block cannot be read/),
        '6 records, 5 assistant turns, 3 calls: 2 errors, 0 warnings (TC002 ×2); 1 unreadable',
      ]);
      // The diagnostic sits on the bracket that crosses the line (the block's `{` is the first level).
      const column = Number(/^deep\.jsonl:2:(\d+):/.exec(lines[1]!)?.[1]);
      const line2 = text.split('\n')[1]!;
      expect(line2.slice(column - 1001, column)).toBe(` ${'['.repeat(1000)}`);
    }
  });

  it('a whole JSON document nested 100,000 deep is one problem at its line', async () => {
    const { code, stdout } = await lint({ 'deep.json': `{\n"simulations":\n${nested(100_000)}}` }, [
      'deep.json',
    ]);
    expect(code).toBe(1);
    expect(stdout).toMatch(
      /^deep\.json:3:1: error unreadable record: not read: it nests more than 1,000 levels/,
    );
  });

  it('every parser profile reads a 100,000-deep block without running out of stack', () => {
    const tools: ToolSpec[] = [
      { name: 'f', parameters: { type: 'object', properties: { a: { type: 'array' } } } },
    ];
    const blocks = [
      call(nested(100_000)),
      call('['.repeat(100_000)),
      `<tool_call>\n<function=f>\n<parameter=a>\n${nested(100_000)}\n</parameter>\n</function>\n</tool_call>`,
      `<tool_call>\n<function=f>\n<parameter=a>\n${'('.repeat(100_000)}1,${')'.repeat(100_000)}\n</parameter>\n</function>\n</tool_call>`,
    ];
    for (const parser of ['qwen25', 'hermes', 'qwen3_coder'] as const) {
      const profile: Profile = { parser, reasoningParser: 'none', policy: 'sglang' };
      for (const text of blocks) {
        const result = analyzeTurn(text, { profile, tools });
        expect(() => JSON.stringify(result)).not.toThrow();
      }
    }
    const qwen = analyzeTurn(blocks[0]!, {
      profile: { parser: 'qwen25', reasoningParser: 'none', policy: 'sglang' },
    });
    expect(qwen.verdict.calls).toEqual([]);
    expect(qwen.diagnostics).toEqual([expect.objectContaining({ code: 'TC002', severity: 'error' })]);
  });

  it('reads Python literals up to the 200 brackets Python allows, and refuses deeper ones', () => {
    expect(pyLiteralEval('['.repeat(200) + ']'.repeat(200))).toBeInstanceOf(Array);
    expect(() => pyLiteralEval('['.repeat(201) + ']'.repeat(201))).toThrow(NotALiteral);
    expect(() => pyLiteralEval('-'.repeat(100_000) + '1')).toThrow(NotALiteral);
    expect(() => pyLiteralEval('--1')).toThrow(NotALiteral);
    expect(pyLiteralEval('-(1)')).toBe(-1);
    // Each level of tuples used to be read twice: 2^60 reads.
    expect(pyLiteralEval('('.repeat(60) + '1,' + ')'.repeat(60))).toEqual([1]);
    expect(pyLiteralEval('((1, 2), (3,), ())')).toEqual([[1, 2], [3], []]);
  });

  it('compares values of any depth', () => {
    const a: unknown = JSON.parse(nested(100_000));
    const b: unknown = JSON.parse(nested(100_000));
    expect(jsonEqual(a, b)).toBe(true);
    expect(jsonEqual(a, JSON.parse(nested(99_999)))).toBe(false);
    expect(jsonEqual({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toBe(true);
    expect(jsonEqual({ a: [1, { b: 2 }] }, { a: [1, { b: 3 }] })).toBe(false);
    expect(jsonEqual({ a: 1 }, { a: 1, b: 2 })).toBe(false);
  });
});
