import { join } from 'node:path';
import { freePort } from '../../scripts/lib/codeServer.mjs';
import { beforeAll, expect, test } from 'vitest';
import { replayRequest } from '../../src/core/replay/replayRequest';
import { analyzeTurn } from '../../src/core/toolcall/analyzeTurn';
import type { Turn } from '../../src/core/trajectory/turn';
import { readServerRecord } from '../../src/remote/servers/discoverServers';
import { launchServer, prepareServer } from '../../src/remote/servers/launchServer';
import { completeOnServer } from '../../src/remote/servers/policyClient';
import type { PolicyServer } from '../../src/remote/servers/policyClient';
import { PolicyServerError } from '../../src/remote/servers/policyError';
import { healthStatus } from '../../src/remote/servers/serverInfo';
import { ServerSpecSchema } from '../../src/remote/servers/serverSpec';
import type { ServerSpecInput } from '../../src/remote/servers/serverSpec';
import type { SshTarget } from '../../src/remote/sshTarget';
import { useSglangBox } from './harness/sglangBox';

// The box's `python3 -m sglang.launch_server` is the stand-in SGLang (test/fixtures/box/sglang): it answers
// chat completions with canned completions picked by how many assistant turns came before, and logs
// requests in SGLang's JSON format, so the replay runs through the real sshd forward and request log.
const PROFILE = { parser: 'qwen25', reasoningParser: 'qwen3', policy: 'sglang' } as const;
const SCHEMA = { type: 'object', properties: { order_id: { type: 'string' } }, required: ['order_id'] };
const TOOLS = [{ type: 'function', function: { name: 'get_order_details', parameters: SCHEMA } }];
const GOOD =
  '<think>\nThe user wants their order looked at. I will fetch its details first.\n</think>\n\n<tool_call>\n{"name": "get_order_details", "arguments": {"order_id": "#W0000001"}}\n</tool_call>';
const SINGLE_QUOTED =
  "<think>\nI need the details before I can answer.\n</think>\n\n<tool_call>\n{'name': 'get_order_details', 'arguments': {'order_id': '#W0000001'}}\n</tool_call>";

const assistant = (text: string): Turn => {
  const analysis = analyzeTurn(text, { profile: PROFILE });
  return { role: 'assistant', text, toolCalls: analysis.verdict.calls, analysis };
};
const TURNS: Turn[] = [
  { role: 'system', text: 'You are a retail agent.', toolCalls: [] },
  { role: 'user', text: 'Where is order #W0000001?', toolCalls: [] },
  assistant(GOOD),
  { role: 'tool', text: '{"status": "pending"}', toolCallId: 'call_0', toolCalls: [] },
  assistant('It is pending.'),
];

const box = useSglangBox('rs-replay-box-');
let target: SshTarget;
let root: string;
beforeAll(() => {
  ({ target, dir: root } = box());
});

/** Launches a stand-in server on the box and waits until GET /health says 200 through a forward. */
async function readyServer(over: Partial<ServerSpecInput> = {}): Promise<PolicyServer> {
  const spec = ServerSpecSchema.parse({
    name: 'policy',
    modelPath: '/models/Qwen3-4B',
    port: await freePort(),
    toolCallParser: 'qwen25',
    reasoningParser: 'qwen3',
    serversRoot: join(root, 'servers'),
    env: { STANDIN_SGLANG_WARMUP: '0.2' },
    ...over,
  });
  const launched = await launchServer(target, prepareServer(spec, '0.0.0-test'));
  const record = await readServerRecord(target, launched.dir);
  const forward = await target.forwardPort(record.host, record.port);
  try {
    await expect
      .poll(() => healthStatus(`http://127.0.0.1:${forward.port}`), { timeout: 30_000, interval: 200 })
      .toBe(200);
  } finally {
    await forward.close();
  }
  return { target, dir: launched.dir, record };
}

test('a replay through the sshd forward returns the raw completion from the request log and the server parse', async () => {
  const server = await readyServer();
  // One assistant turn before the replayed one: the stand-in answers with single-quoted JSON.
  const second = await completeOnServer(server, replayRequest(TURNS, 4, TOOLS));
  expect(second.rawSource).toBe('request-log');
  expect(second.raw).toBe(SINGLE_QUOTED);
  expect(second.rid).toMatch(/^rollout-studio-replay-/);
  // SGLang skips the block (bad JSON) yet rewrites finish_reason, and keeps the text in content.
  expect(second.server).toEqual({
    content: SINGLE_QUOTED.slice(SINGLE_QUOTED.indexOf('</think>') + 8),
    reasoning: '\nI need the details before I can answer.\n',
    toolCalls: [],
    finishReason: 'tool_calls',
    via: 'chat',
  });
  expect(second.usage?.completionTokens).toBeGreaterThan(0);
  const ours = analyzeTurn(second.raw!, {
    profile: PROFILE,
    tools: replayRequest(TURNS, 4, TOOLS).toolSpecs,
  });
  expect(ours.diagnostics.map((d) => d.code)).toContain('TC002');

  const first = await completeOnServer(server, replayRequest(TURNS, 2, TOOLS));
  expect(first.raw).toBe(GOOD);
  expect(first.server.toolCalls).toEqual([
    { name: 'get_order_details', arguments: '{"order_id": "#W0000001"}' },
  ]);
  expect(first.server.finishReason).toBe('tool_calls');
});

test('a replay under way is cancelled through its AbortSignal; a server that is gone says so', async () => {
  const slow = await readyServer({
    env: { STANDIN_SGLANG_WARMUP: '0.2', STANDIN_SGLANG_DECODE_SECONDS: '20' },
  });
  const controller = new AbortController();
  const pending = completeOnServer(slow, replayRequest(TURNS, 2, TOOLS), { signal: controller.signal });
  setTimeout(() => controller.abort(), 1_000);
  const cancelled = await pending.catch((e: unknown) => e);
  expect(cancelled).toBeInstanceOf(PolicyServerError);
  expect((cancelled as PolicyServerError).kind).toBe('cancelled');

  const gone = { ...slow, record: { ...slow.record, port: await freePort() } };
  const error = (await completeOnServer(gone, replayRequest(TURNS, 2, TOOLS)).catch((e: unknown) => e)) as
    PolicyServerError | undefined;
  expect(error?.kind).toBe('not-ready');
  expect(error?.message).toMatch(/^Nothing answers on 127\.0\.0\.1:\d+ on box: the server has stopped/);
});

test('a server started with an API key refuses a replay without it and answers with it', async () => {
  // The stand-in takes --api-key like SGLang; a real launch passes it without putting it in argv.
  const server = await readyServer({ args: { '--api-key': 'k-123' } });
  const refused = (await completeOnServer(server, replayRequest(TURNS, 2, TOOLS)).catch(
    (e: unknown) => e,
  )) as PolicyServerError;
  expect(refused.kind).toBe('auth');
  expect(refused.message).toMatch(/wants an API key/);
  const ok = await completeOnServer({ ...server, apiKey: 'k-123' }, replayRequest(TURNS, 2, TOOLS));
  expect(ok.raw).toBe(GOOD);
});

test('tools the system prompt already lists are not sent again; the server parse then comes from its parse endpoints', async () => {
  const server = await readyServer();
  const listed = TURNS.map((t, i) =>
    i === 0
      ? { ...t, text: `You are a retail agent.\n\n# Tools\n\n<tools>\n${JSON.stringify(TOOLS[0])}\n</tools>` }
      : t,
  );
  const request = replayRequest(listed, 4, undefined);
  expect(request.toolsInPrompt).toBe(true);
  expect(request.toolSpecs?.map((t) => t.name)).toEqual(['get_order_details']);
  const done = await completeOnServer(server, request);
  expect(done.raw).toBe(SINGLE_QUOTED);
  // /separate_reasoning then /parse_function_call: the bad block is skipped there too.
  expect(done.server).toEqual({
    content: SINGLE_QUOTED.slice(SINGLE_QUOTED.indexOf('</think>') + 8),
    reasoning: '\nI need the details before I can answer.\n',
    toolCalls: [],
    finishReason: 'stop',
    via: 'parse-endpoints',
  });
  const good = await completeOnServer(server, replayRequest(listed, 2, undefined));
  expect(good.raw).toBe(GOOD);
  expect(good.server.toolCalls).toEqual([
    { name: 'get_order_details', arguments: '{"order_id": "#W0000001"}' },
  ]);
  expect(good.server.finishReason).toBe('tool_calls');
});
