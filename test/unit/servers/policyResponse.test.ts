import { expect, test } from 'vitest';
import { readChatCompletion } from '../../../src/remote/servers/chatCompletion';
import { bodyExcerpt } from '../../../src/remote/servers/httpExcerpt';
import { PolicyServerError } from '../../../src/remote/servers/policyError';
import { findFinishedRequest } from '../../../src/remote/servers/requestLog';

const RAW = "<think>\nok\n</think>\n\n<tool_call>\n{'name': 'f', 'arguments': {}}\n</tool_call>";

// A non-streaming chat completion as SGLang builds it (serving_chat.py _build_chat_response).
const RESPONSE = {
  id: 'rid-1',
  object: 'chat.completion',
  created: 1,
  model: 'Qwen3-4B',
  choices: [
    {
      index: 0,
      message: {
        role: 'assistant',
        content: '\n\n<tool_call>…',
        reasoning_content: '\nok\n',
        tool_calls: [],
      },
      logprobs: {
        content: [
          { token: '<think>', logprob: 0 },
          { token: '\nok', logprob: 0 },
        ],
      },
      finish_reason: 'tool_calls',
      matched_stop: null,
    },
  ],
  usage: { prompt_tokens: 120, completion_tokens: 30, total_tokens: 150 },
  metadata: { weight_version: 'default' },
};

test('a chat completion gives the server parse, usage and the tokens joined', () => {
  expect(readChatCompletion(RESPONSE)).toEqual({
    server: {
      content: '\n\n<tool_call>…',
      reasoning: '\nok\n',
      toolCalls: [],
      finishReason: 'tool_calls',
      via: 'chat',
    },
    usage: { promptTokens: 120, completionTokens: 30 },
    tokenText: '<think>\nok',
  });
  const plain = {
    choices: [{ message: { content: 'hi', tool_calls: null }, finish_reason: 'stop' }],
  };
  expect(readChatCompletion(plain)).toEqual({
    server: { content: 'hi', reasoning: null, toolCalls: null, finishReason: 'stop', via: 'chat' },
    usage: null,
    tokenText: null,
  });
  const withCall = {
    choices: [
      {
        message: {
          content: null,
          tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'f', arguments: '{"a": 1}' } }],
        },
        finish_reason: 'tool_calls',
      },
    ],
  };
  expect(readChatCompletion(withCall).server.toolCalls).toEqual([{ name: 'f', arguments: '{"a": 1}' }]);
});

test('a body that is not a chat completion is a response error naming the field', () => {
  const read = () => readChatCompletion({ choices: [] });
  expect(read).toThrow(PolicyServerError);
  expect(read).toThrow(/not in the OpenAI format: choices: /);
  expect(() => readChatCompletion('<html>')).toThrow(/\(body\)/);
});

test('the finished record of the request is found behind the logging prefix; others are ignored', () => {
  const line = (event: string, rid: string, out?: unknown) =>
    `[2026-05-28 10:00:20] ${JSON.stringify({ timestamp: '2026-05-28T10:00:20.1', event, rid, obj: { text: `prompt naming ${rid}`, rid }, ...(out ? { out } : {}) })}`;
  const out = {
    text: RAW,
    output_ids: [1, 2],
    meta_info: { id: 'r-2', finish_reason: { type: 'stop', matched: 151645 } },
  };
  const log = [
    '[2026-05-28 10:00:19] Prefill batch, #new-seq: 1, #new-token: 120',
    line('request.received', 'r-2'),
    line('request.finished', 'r-1', { text: 'other', meta_info: {} }),
    '[2026-05-28 10:00:20] {"event": "request.finished", "rid": "r-2", "out": {"text": "cut',
    line('request.finished', 'r-2', out),
  ].join('\n');
  expect(findFinishedRequest(log, 'r-2')).toEqual({ text: RAW, finishType: 'stop' });
  expect(findFinishedRequest(log, 'r-3')).toBeUndefined();
  // A record without the prefix (newer releases format some targets without it) reads the same.
  expect(
    findFinishedRequest(JSON.stringify({ event: 'request.finished', rid: 'x', out: { text: 'y' } }), 'x'),
  ).toEqual({
    text: 'y',
    finishType: undefined,
  });
});

test('error bodies are cut to what a person reads', () => {
  expect(bodyExcerpt({ object: 'error', message: 'Messages cannot be empty.', code: 400 }, 'x')).toBe(
    'Messages cannot be empty.',
  );
  expect(bodyExcerpt({ detail: 'Not Found' }, 'x')).toBe('{"detail":"Not Found"}');
  expect(bodyExcerpt(undefined, '502 Bad Gateway')).toBe('502 Bad Gateway');
  expect(bodyExcerpt({ message: 'e'.repeat(500) }, 'x')).toHaveLength(301);
});
