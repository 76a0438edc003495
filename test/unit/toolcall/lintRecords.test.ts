import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { jsonStringOffsetMap } from '../../../src/core/toolcall/jsonStringMap';
import {
  lintJsonDocument,
  lintJsonlText,
  lintRawText,
  type LintedTurn,
} from '../../../src/core/toolcall/lintRecords';
import type { Profile } from '../../../src/core/toolcall/types';

const QN: Profile = { parser: 'qwen25', reasoningParser: 'none', policy: 'sglang' };
const Q: Profile = { parser: 'qwen25', reasoningParser: 'qwen3', policy: 'sglang' };
const tools = [
  {
    type: 'function',
    function: {
      name: 'get_order',
      parameters: { type: 'object', properties: { order_id: { type: 'string' } } },
    },
  },
];
const call = (name: string, args: unknown): string =>
  `<tool_call>\n${JSON.stringify({ name, arguments: args })}\n</tool_call>`;

/** The file characters a turn range maps to, decoded back as a JSON string body. */
function mappedText(file: string, turn: LintedTurn, start: number, end: number): string {
  const map = turn.contentMap;
  expect(map).toBeDefined();
  return JSON.parse(`"${file.slice(map!(start), map!(end))}"`) as string;
}

describe('lintJsonlText', () => {
  const lines = [
    JSON.stringify({
      messages: [
        { role: 'user', content: 'Where is my order "A1"?' },
        {
          role: 'assistant',
          content: `Checking café 😀 "now".\n<tool_call>\n{'name': 'get_order'}\n</tool_call>`,
        },
      ],
      tools,
    }),
    '',
    '{"messages": [',
    JSON.stringify({ conversation: [] }),
    JSON.stringify({ messages: [{ role: 'assistant', content: 42 }] }),
    JSON.stringify({
      prompt: [
        {
          role: 'system',
          content: `You are an agent.\n# Tools\n<tools>\n${JSON.stringify(tools[0])}\n</tools>`,
        },
        { role: 'user', content: 'hi' },
        { role: 'assistant', content: call('cancel', {}) },
        { role: 'user', content: 'Tool result for cancel():\nok' },
        { role: 'assistant', content: '<tool_call>\n{"name": "get_order", "argu' },
      ],
      response: 'ignored',
      status: 'TRUNCATED',
      metadata: { domain: 'retail' },
    }),
  ];
  const file = lines.join('\n') + '\n';
  const lint = lintJsonlText(file, { profile: QN });

  it('counts records, skipping blank lines, and reports unreadable ones by line', () => {
    expect(lint.records).toBe(5);
    expect(lint.problems).toEqual([
      { line: 3, message: expect.stringMatching(/^not valid JSON at column \d+: the JSON is cut off/) },
      { line: 4, message: expect.stringMatching(/no 'messages' array/) },
      { line: 5, message: 'messages[0].content is a number, not a string' },
    ]);
  });

  it('lints every assistant turn with its line, record and message index', () => {
    expect(
      lint.turns.map((t) => [t.line, t.record, t.message, t.analysis.diagnostics.map((d) => d.code)]),
    ).toEqual([
      [1, 0, 1, ['TC002']],
      [6, 4, 2, ['TC005']],
      [6, 4, 4, ['TC001']],
    ]);
  });

  it('reads tools from the system prompt of a slime sample and marks a truncated last turn', () => {
    const last = lint.turns[2]!;
    expect(last.analysis.verdict.finishReason).toBe('length');
    expect(last.analysis.diagnostics[0]?.message).toMatch(/max tokens/);
  });

  it('maps a diagnostic range onto the exact characters of the file', () => {
    const turn = lint.turns[0]!;
    const d = turn.analysis.diagnostics[0]!;
    const text = (JSON.parse(lines[0]!) as { messages: { content: string }[] }).messages[1]!.content;
    expect(mappedText(file, turn, d.start, d.end)).toBe(text.slice(d.start, d.end));
    expect(file.slice(turn.contentMap!(d.start), turn.contentMap!(d.end))).toBe("'name'");
    // The whole content maps onto the JSON string body, escapes included.
    expect(mappedText(file, turn, 0, text.length)).toBe(text);
  });

  it('uses a --tools list for records without tools of their own', () => {
    const one = JSON.stringify({ messages: [{ role: 'assistant', content: call('cancel', {}) }] });
    const without = lintJsonlText(one, { profile: QN });
    expect(without.turns[0]?.analysis.diagnostics).toEqual([]);
    const withTools = lintJsonlText(one, { profile: QN, tools: [{ name: 'get_order' }] });
    expect(withTools.turns[0]?.analysis.diagnostics.map((d) => d.code)).toEqual(['TC005']);
  });

  it('handles CRLF line endings and a last line without newline', () => {
    const text = `${JSON.stringify({ messages: [{ role: 'assistant', content: 'hi' }] })}\r\n${JSON.stringify({ messages: [] })}`;
    const out = lintJsonlText(text, { profile: Q });
    expect(out.records).toBe(2);
    expect(out.problems).toEqual([]);
    expect(out.turns.map((t) => t.line)).toEqual([1]);
  });
});

describe('jsonStringOffsetMap', () => {
  /** JSON-encodes a string, writing some characters as \uXXXX escapes. */
  const encode = (s: string, escapeMask: boolean[]): string =>
    '"' +
    [...Array(s.length).keys()]
      .map((i) => {
        const ch = s[i]!;
        return escapeMask[i % escapeMask.length]
          ? `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`
          : JSON.stringify(ch).slice(1, -1);
      })
      .join('') +
    '"';

  it('round-trips: the mapped file range decodes to the same substring', () => {
    fc.assert(
      fc.property(
        // Longer than the map's stride (64), so offsets between kept places are stepped to.
        fc.string({ unit: 'binary', maxLength: 300 }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 5 }),
        fc.string({ maxLength: 5 }),
        fc.nat(),
        fc.nat(),
        (s, mask, prefix, a, b) => {
          const prefixJson = `{"k": ${JSON.stringify(prefix)}, "content": `;
          const json = `${prefixJson}${encode(s, mask)}}`;
          expect(JSON.parse(json)).toEqual({ k: prefix, content: s });
          const map = jsonStringOffsetMap(json, prefixJson.length);
          const start = s.length === 0 ? 0 : a % (s.length + 1);
          const end = start + (s.length === 0 ? 0 : b % (s.length - start + 1));
          expect(JSON.parse(`"${json.slice(map(start), map(end))}"`)).toBe(s.slice(start, end));
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('lintJsonDocument on tau2 results', () => {
  const file = readFileSync(
    new URL('../../fixtures/toolcall/tau2-results-mini.json', import.meta.url),
    'utf8',
  );
  const lint = lintJsonDocument(file, { profile: Q });

  it('reads raw_data.message.content, raw_data.action or content, and skips structured calls', () => {
    expect(lint.records).toBe(3);
    expect(lint.turns.map((t) => [t.record, t.message, t.analysis.diagnostics.map((d) => d.code)])).toEqual([
      [0, 2, ['TC002']],
      [1, 0, []],
      [1, 2, ['TC005']],
      [1, 3, []],
    ]);
    expect(lint.problems).toEqual([
      { line: expect.any(Number), message: "simulations[2] has no 'messages' array" },
    ]);
  });

  it('takes the tools from info.environment_info.tool_defs', () => {
    const unknown = lint.turns[2]!.analysis.diagnostics[0]!;
    expect(unknown.message).toMatch(/get_customer_by_phone, get_details_by_id, done/);
  });

  it('gives each turn the line of its message and maps ranges into the file', () => {
    const lines = file.split('\n');
    for (const turn of lint.turns) {
      expect(lines[turn.line - 1]).toMatch(/^\s*\{$/);
      const text = turn.analysis.verdict.content ?? '';
      for (const d of turn.analysis.diagnostics) {
        expect(turn.contentMap).toBeDefined();
        expect(file.slice(turn.contentMap!(d.start), turn.contentMap!(d.end)).length).toBeGreaterThan(0);
      }
      expect(text === '' || turn.contentMap !== undefined).toBe(true);
    }
    const reset = lint.turns[2]!;
    const d = reset.analysis.diagnostics[0]!;
    expect(file.slice(reset.contentMap!(d.start), reset.contentMap!(d.end))).toBe('\\"reset_apn\\"');
  });

  it('reports unreadable JSON with its line', () => {
    expect(lintJsonDocument('{\n  "simulations": [\n    {,\n', { profile: Q }).problems).toEqual([
      { line: 3, message: expect.stringMatching(/^not valid JSON/) },
    ]);
  });

  it('reads a JSON array of chat records too', () => {
    const doc = JSON.stringify([{ messages: [{ role: 'assistant', content: call('x', []) }] }], null, 2);
    const out = lintJsonDocument(doc, { profile: QN });
    expect(out.turns.map((t) => [t.line, t.record, t.message])).toEqual([[4, 0, 0]]);
    const d = out.turns[0]!.analysis.diagnostics[0]!;
    expect(doc.slice(out.turns[0]!.contentMap!(d.start), out.turns[0]!.contentMap!(d.end))).toBe('[]');
  });
});

describe('lintRawText', () => {
  it('lints the whole text as one turn with identity offsets', () => {
    const out = lintRawText(`<tool_call>{"name": "x", "arguments": {}}</tool_call>`, { profile: QN });
    expect(out).toMatchObject({ records: 1, problems: [] });
    expect(out.turns).toHaveLength(1);
    expect(out.turns[0]).toMatchObject({ line: 1, record: 0, message: 0 });
    expect(out.turns[0]!.contentMap).toBeUndefined();
    expect(out.turns[0]!.analysis.diagnostics.map((d) => d.code)).toEqual(['TC010']);
  });
});
