import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RecordTools } from '../../../src/core/toolcall/chatRecord';
import { JsonlToolsReuse } from '../../../src/core/toolcall/jsonlToolsReuse';
import { lintJsonlText, type FileLint } from '../../../src/core/toolcall/lintRecords';
import type { Profile } from '../../../src/core/toolcall/types';

const tools = [
  {
    type: 'function',
    function: {
      name: 'get_order',
      parameters: { type: 'object', properties: { order_id: { type: 'string' } }, required: ['order_id'] },
    },
  },
];
const read: RecordTools = { tools: [{ name: 'get_order', parameters: tools[0]!.function.parameters }] };
const TAIL = `"tools": ${JSON.stringify(tools)}}`;
const Q: Profile = { parser: 'qwen25', reasoningParser: 'qwen3', policy: 'sglang' };

function remembered(): JsonlToolsReuse {
  const reuse = new JsonlToolsReuse();
  const first = `{"messages": [], ${TAIL}`;
  reuse.remember(first, JSON.parse(first), read);
  return reuse;
}

describe('JsonlToolsReuse.withoutTools', () => {
  it('cuts the known tools member, with its comma, and keeps what trails the line', () => {
    const reuse = remembered();
    expect(reuse.withoutTools(`{"messages": [1], ${TAIL}`)).toBe('{"messages": [1]}');
    expect(reuse.withoutTools(`{"messages": [1] ,\t${TAIL} \r`)).toBe('{"messages": [1] } \r');
    expect(reuse.withoutTools(`{ ${TAIL}`)).toBe('{}');
    expect(reuse.withoutTools(`{"messages": [1], ${TAIL}\u00a0`)).toBe('{"messages": [1]}\u00a0');
  });

  it('gives nothing when the line ends with other tools or the member cannot be cut cleanly', () => {
    const reuse = remembered();
    expect(reuse.withoutTools(`{"messages": [1], "tools": []}`)).toBeUndefined();
    expect(reuse.withoutTools(`{, ${TAIL}`)).toBeUndefined();
    expect(reuse.withoutTools(`{"a": 1 ${TAIL}`)).toBeUndefined();
    expect(new JsonlToolsReuse().withoutTools(`{"messages": [], ${TAIL}`)).toBeUndefined();
  });
});

/** What a lint says about its last line, with line and record numbers made relative to that line. */
function lastLine(lint: FileLint, line: number, record: number): unknown {
  return {
    problems: lint.problems.filter((p) => p.line === line).map((p) => p.message),
    turns: lint.turns
      .filter((t) => t.line === line)
      .map((t) => ({
        record: t.record - record,
        message: t.message,
        length: t.length,
        analysis: t.analysis,
      })),
  };
}

describe('lintJsonlText with known tools', () => {
  const assistant = (content: string): string => JSON.stringify({ role: 'assistant', content });
  const heads = [
    '{',
    '{ ',
    '[',
    '{"a": {',
    '{"messages": []',
    '{"messages": [],',
    `{"messages": [${assistant('<tool_call>\n{"name": "get_order", "arguments": {}}\n</tool_call>')}]`,
    `{"messages": [${assistant('<think>\nhm\n</think>\n\n<tool_call>\n{"name": "nope"}\n</tool_call>')}]`,
    '{"tools": [], "messages": [{"role": "assistant", "content": "hi"}]',
    '{"prompt": "p", "response": "<tool_call>\\n{\\"name\\": \\"get_order\\"}\\n</tool_call>"',
    '{"messages": [1]',
    '{"messages": [}',
    '"x"',
  ];

  it('reads a record the same whether its tools member is cut or parsed', () => {
    const first = `{"messages": [], ${TAIL}`;
    fc.assert(
      fc.property(
        fc.constantFrom(...heads),
        fc.constantFrom('', ',', ', ', ' ,\t', ',,', ' '),
        fc.constantFrom('', ' ', '\r', '\u00a0', '}', ' x'),
        (head, separator, trailing) => {
          const line = `${head}${separator}${TAIL}${trailing}`;
          const alone = lintJsonlText(`${line}\n`, { profile: Q });
          const after = lintJsonlText(`${first}\n${line}\n`, { profile: Q });
          expect(lastLine(after, 2, 1)).toEqual(lastLine(alone, 1, 0));
        },
      ),
      { numRuns: 500 },
    );
  });
});
