import { describe, expect, it } from 'vitest';
import { pairToolResults } from '../../../src/core/trajectory/pairToolResults';
import { parseRecipeToolResult } from '../../../src/core/trajectory/recipeToolResult';
import { turnsFromChatTemplate } from '../../../src/core/trajectory/turnsFromChatTemplate';
import { turnsFromMessages } from '../../../src/core/trajectory/turnsFromMessages';

const collect = () => {
  const problems: [string, string][] = [];
  return { problems, report: (p: string, m: string) => void problems.push([p, m]) };
};

describe('turns from chat messages', () => {
  it('reports and skips what it cannot read, keeping the rest', () => {
    const { problems, report } = collect();
    const turns = turnsFromMessages(
      [
        'not a message',
        { role: 'user', content: 42 },
        {
          role: 'assistant',
          content: null,
          tool_calls: [{ function: { name: 'f', arguments: '{bad' } }, { id: 1 }],
        },
        { from: 'human', value: 'ShareGPT style' },
      ],
      report,
    );
    expect(turns.map((t) => t.role)).toEqual(['user', 'assistant', 'user']);
    expect(turns[1]?.toolCalls).toEqual([{ name: 'f', arguments: '{bad' }]);
    expect(problems.map(([p]) => p)).toEqual([
      'messages[0]',
      'messages[1].content',
      'messages[2].tool_calls[0].arguments',
      'messages[2].tool_calls[1].name',
    ]);
  });

  it('pairs results with calls by id first, then by position', () => {
    const turns = turnsFromMessages(
      [
        {
          role: 'assistant',
          tool_calls: [
            { id: 'a', name: 'first', arguments: {} },
            { id: 'b', name: 'second', arguments: {}, requestor: 'user' },
          ],
        },
        { role: 'tool', id: 'b', content: 'B' },
        { role: 'tool', id: '', content: 'A' },
      ],
      () => undefined,
    );
    expect(turns[1]).toMatchObject({ toolName: 'second', requestor: 'user', toolCallId: 'b' });
    expect(turns[2]).toMatchObject({ toolName: 'first', isError: false });
    expect(turns[2]?.toolCallId).toBeUndefined();
  });

  it('leaves a result without a preceding call unnamed', () => {
    const turns = [{ role: 'tool' as const, text: 'x', toolCalls: [] }];
    pairToolResults(turns);
    expect(turns[0]).toEqual({ role: 'tool', text: 'x', toolCalls: [] });
  });
});

describe('recipe tool results', () => {
  it('reads the call and the payload, and Error: payloads as errors', () => {
    expect(parseRecipeToolResult("Tool result for get_order(order_id='#W1', n=2):\n{}")).toEqual({
      name: 'get_order',
      call: "get_order(order_id='#W1', n=2)",
      payload: '{}',
      isError: false,
    });
    expect(parseRecipeToolResult('Tool result for cancel():\nError: nope')?.isError).toBe(true);
    expect(parseRecipeToolResult('Tool result for nothing')).toBeUndefined();
  });
});

describe('turns from Qwen chat-template text', () => {
  it('keeps an unterminated last block and reports stray text and unknown roles', () => {
    const { problems, report } = collect();
    const turns = turnsFromChatTemplate(
      'junk<|im_start|>user\nhi<|im_end|>\n<|im_start|>narrator\nx<|im_end|>\n<|im_start|>assistant\n<think>\nhm',
      report,
    );
    expect(turns).toEqual([
      { role: 'user', text: 'hi', toolCalls: [] },
      { role: 'assistant', text: '<think>\nhm', toolCalls: [] },
    ]);
    expect(problems.map(([p]) => p)).toEqual(['text', 'text#1']);
  });

  it('splits several tool responses in one user block, and keeps mixed user text as a user turn', () => {
    const text =
      '<|im_start|>user\n<tool_response>\nA\n</tool_response>\n<tool_response>\nError: B\n</tool_response><|im_end|>\n' +
      '<|im_start|>user\nsee <tool_response>\nC\n</tool_response><|im_end|>';
    const turns = turnsFromChatTemplate(text, () => undefined);
    expect(turns.map((t) => [t.role, t.text, t.isError])).toEqual([
      ['tool', 'A', false],
      ['tool', 'Error: B', true],
      ['user', 'see <tool_response>\nC\n</tool_response>', undefined],
    ]);
  });
});
