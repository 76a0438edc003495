import { expect, test } from 'vitest';
import { analyzeTurn } from '../../../src/core/toolcall/analyzeTurn';
import { replayRequest } from '../../../src/core/replay/replayRequest';
import { parseDifferences } from '../../../src/core/replay/serverParse';
import { serverProfile } from '../../../src/core/replay/serverProfile';
import type { Turn } from '../../../src/core/trajectory/turn';

const PROFILE = { parser: 'qwen25', reasoningParser: 'qwen3', policy: 'sglang' } as const;
const CALL =
  '<think>\nlook it up\n</think>\n\n<tool_call>\n{"name": "get_order_details", "arguments": {"order_id": "#W1"}}\n</tool_call>';
const parsedTurn = (text: string): Turn => {
  const analysis = analyzeTurn(text, { profile: PROFILE });
  return { role: 'assistant', text, toolCalls: analysis.verdict.calls, analysis };
};

// A tau2-recipe trajectory: tool results are user messages "Tool result for …" that the importer made tool turns.
const RECIPE: Turn[] = [
  { role: 'system', text: 'You are a retail agent.', toolCalls: [] },
  { role: 'user', text: 'Where is my order #W1?', toolCalls: [] },
  parsedTurn(CALL),
  {
    role: 'tool',
    text: 'Tool result for get_order_details(order_id=\'#W1\'):\n{"status": "pending"}',
    toolName: 'get_order_details',
    toolCalls: [],
  },
  { role: 'assistant', text: 'It is pending.', toolCalls: [] },
  { role: 'user', text: 'Thanks', toolCalls: [] },
];

test('the prefix stops before the replayed turn; parsed turns go back as their raw text; recipe results as user text', () => {
  const r = replayRequest(RECIPE, 4, undefined);
  expect(r.messages).toEqual([
    { role: 'system', content: 'You are a retail agent.' },
    { role: 'user', content: 'Where is my order #W1?' },
    { role: 'assistant', content: CALL },
    { role: 'user', content: RECIPE[3]!.text },
  ]);
  expect(r.tools).toEqual([]);
  expect(r.toolSpecs).toBeUndefined();
  expect(r.toolsInPrompt).toBe(false);
  expect(replayRequest(RECIPE, 2, undefined).messages).toHaveLength(2);
});

test('calls recorded as data go back as tool_calls, and tool results point at them by id', () => {
  const turns: Turn[] = [
    { role: 'user', text: 'cancel #W2', toolCalls: [] },
    {
      role: 'assistant',
      text: '',
      toolCalls: [
        { id: 'c-7', name: 'cancel_order', arguments: { order_id: '#W2' } },
        { name: 'get_user', arguments: '{"id": 3}' },
      ],
    },
    { role: 'tool', text: 'ok', toolCallId: 'c-7', toolCalls: [] },
    { role: 'tool', text: '{"name": "Ann"}', toolCalls: [] },
    { role: 'environment', text: 'the phone restarted', toolCalls: [] },
    { role: 'assistant', text: 'Done.', toolCalls: [] },
  ];
  const r = replayRequest(turns, 5, undefined);
  expect(r.messages).toEqual([
    { role: 'user', content: 'cancel #W2' },
    {
      role: 'assistant',
      content: '',
      tool_calls: [
        { id: 'c-7', type: 'function', function: { name: 'cancel_order', arguments: '{"order_id":"#W2"}' } },
        { id: 'call_1', type: 'function', function: { name: 'get_user', arguments: '{"id": 3}' } },
      ],
    },
    { role: 'tool', content: 'ok', tool_call_id: 'c-7' },
    { role: 'tool', content: '{"name": "Ann"}', tool_call_id: 'call_1' },
    { role: 'user', content: 'the phone restarted' },
  ]);
});

test('tools are sent in the OpenAI shape whatever shape the sample stored them in', () => {
  const schema = { type: 'object', properties: { order_id: { type: 'string' } }, required: ['order_id'] };
  const openAi = [
    { type: 'function', function: { name: 'get_order_details', description: 'd', parameters: schema } },
  ];
  const bare = [{ name: 'get_order_details', description: 'd', parameters: schema }];
  const tau2 = { get_order_details: { description: 'd', parameters: schema } };
  for (const stored of [openAi, bare, tau2]) {
    const r = replayRequest(RECIPE, 2, stored);
    expect(r.tools).toEqual(openAi);
    expect(r.toolSpecs).toEqual([{ name: 'get_order_details', description: 'd', parameters: schema }]);
  }
});

test('only an assistant turn with something before it can be replayed; bad tools say what is wrong', () => {
  expect(() => replayRequest(RECIPE, 1, undefined)).toThrow(/Turn 1 is a user turn; only assistant turns/);
  expect(() => replayRequest(RECIPE, 9, undefined)).toThrow(
    /Turn 9 does not exist \(the sample has 6 turns\)/,
  );
  expect(() =>
    replayRequest([{ role: 'system', text: 's', toolCalls: [] }, parsedTurn('hi')], 1, undefined),
  ).toThrow(/no user or tool message before it/);
  expect(() => replayRequest(RECIPE, 2, [{ type: 'function', function: {} }])).toThrow(
    /The sample's tools cannot be sent: tools\[0\] has no non-empty string 'name'/,
  );
});

test('our verdict and the server parse: agreement, and each kind of difference in words', () => {
  const ours = analyzeTurn(CALL, { profile: PROFILE }).verdict;
  const server = {
    content: '',
    reasoning: '\nlook it up\n',
    toolCalls: [{ name: 'get_order_details', arguments: '{"order_id": "#W1"}' }],
    finishReason: 'tool_calls',
    via: 'chat' as const,
  };
  expect(parseDifferences(ours, server)).toEqual([]);
  // The parse endpoints leave finish_reason as the generation's stop; that alone is no difference.
  expect(parseDifferences(ours, { ...server, via: 'parse-endpoints', finishReason: 'stop' })).toEqual([]);
  expect(
    parseDifferences(ours, {
      ...server,
      toolCalls: [{ name: 'get_order_details', arguments: '{"order_id": "#W9"}' }],
      finishReason: 'stop',
    }),
  ).toEqual([
    "finish_reason: ours tool_calls, the server's stop",
    'call 1 (get_order_details): the arguments differ',
  ]);
  expect(parseDifferences(ours, { ...server, toolCalls: null, content: CALL })).toEqual([
    "tool calls: ours 1, the server's 0",
    'content differs',
  ]);
});

test('a replay is read under the parsers the server runs with, when the emulation models them', () => {
  const run = { parser: 'hermes', reasoningParser: 'none', policy: 'single-call' } as const;
  expect(serverProfile({ toolCallParser: 'qwen', reasoningParser: 'qwen3-thinking' }, run)).toEqual({
    profile: { parser: 'qwen25', reasoningParser: 'qwen3', policy: 'single-call' },
    note: null,
  });
  expect(
    serverProfile({ toolCallParser: 'qwen25', reasoningParser: null }, PROFILE).profile.reasoningParser,
  ).toBe('none');
  expect(serverProfile({ toolCallParser: 'llama3', reasoningParser: 'deepseek-r1' }, PROFILE)).toEqual({
    profile: PROFILE,
    note: "the server's tool-call parser llama3 is not emulated; ours reads it as qwen25; the server's reasoning parser deepseek-r1 is not emulated; ours reads it as qwen3.",
  });
  expect(serverProfile({ toolCallParser: null, reasoningParser: 'qwen3' }, PROFILE).note).toMatch(
    /runs no tool-call parser/,
  );
  expect(serverProfile(undefined, run)).toEqual({ profile: run, note: null });
});

test('tools the system prompt lists are recognised, and read for our analysis when the record has none', () => {
  const tool = { type: 'function', function: { name: 'get_order_details', parameters: { type: 'object' } } };
  // As Qwen3's template writes it: the tags are named in prose before the list.
  const system = `Agent.\n\n# Tools\n\nYou are provided with function signatures within <tools></tools> XML tags:\n<tools>\n${JSON.stringify(tool)}\n</tools>\n`;
  const turns = RECIPE.map((t, i) => (i === 0 ? { ...t, text: system } : t));
  const fromPrompt = replayRequest(turns, 4, undefined);
  expect(fromPrompt.toolsInPrompt).toBe(true);
  expect(fromPrompt.tools).toEqual([tool]);
  expect(fromPrompt.messages[0]).toEqual({ role: 'system', content: system });
  // The record's own tools win for the analysis; the prompt still says they are listed there.
  const both = replayRequest(turns, 4, [{ name: 'cancel_order' }]);
  expect(both.toolsInPrompt).toBe(true);
  expect(both.toolSpecs).toEqual([{ name: 'cancel_order' }]);
});
