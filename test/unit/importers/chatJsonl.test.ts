import { describe, expect, it } from 'vitest';
import { importChatJsonl } from '../../../src/core/importers/chatJsonl';
import { parseProfile } from '../../../src/core/toolcall/profile';
import { profileAnalyzer } from '../../../src/core/trajectory/profileAnalyzer';
import { readFixture } from './fixtures';

describe('OpenAI chat JSONL', () => {
  const r = importChatJsonl(readFixture('chat-sft.jsonl'), 'sft.jsonl', {
    analyzer: profileAnalyzer(parseProfile({})),
  });

  it('makes one sample per line and reports lines without messages', () => {
    expect(r.samples).toHaveLength(2);
    expect(r.problems).toEqual([
      { file: 'sft.jsonl', line: 3, path: 'messages', message: 'no messages array; line skipped' },
    ]);
    expect(r.samples.map((s) => s.source)).toEqual([
      { file: 'sft.jsonl', line: 1 },
      { file: 'sft.jsonl', line: 2 },
    ]);
  });

  it('decodes OpenAI function calls and pairs results by tool_call_id', () => {
    const turns = r.samples[0]?.turns ?? [];
    expect(turns[2]?.toolCalls).toEqual([
      { id: 'c1', name: 'get_order_details', arguments: { order_id: '#W123' } },
    ]);
    expect(turns[3]).toMatchObject({
      role: 'tool',
      toolCallId: 'c1',
      toolName: 'get_order_details',
      isError: false,
    });
    expect(turns[2]?.analysis).toBeUndefined();
  });

  it('parses calls written as text, pairs by position, reads content parts and weights', () => {
    const turns = r.samples[1]?.turns ?? [];
    expect(turns[1]?.toolCalls).toEqual([{ name: 'cancel_order', arguments: { order_id: '#W9' } }]);
    expect(turns[2]).toMatchObject({ toolName: 'cancel_order', isError: true });
    expect(turns[3]).toMatchObject({ text: 'Sorry, #W9 was already delivered.', trainable: false });
  });
});
