import { execFileSync } from 'node:child_process';
import { expect, test } from 'vitest';
import { buildServerScript } from '../../../src/remote/servers/serverScript';
import { ServerSpecSchema, serverArgv } from '../../../src/remote/servers/serverSpec';

const spec = ServerSpecSchema.parse({
  name: 'policy',
  modelPath: "/ckpt/it's $(id) `x`",
  port: 30001,
  tpSize: 2,
  memFractionStatic: 0.7,
  toolCallParser: 'qwen25',
  reasoningParser: 'qwen3',
});

test('the argv carries the chosen values and request logging for raw completions by default', () => {
  expect(serverArgv(spec)).toEqual([
    'python3',
    '-m',
    'sglang.launch_server',
    '--model-path',
    "/ckpt/it's $(id) `x`",
    '--host',
    '127.0.0.1',
    '--port',
    '30001',
    '--tp-size',
    '2',
    '--mem-fraction-static',
    '0.7',
    '--tool-call-parser',
    'qwen25',
    '--reasoning-parser',
    'qwen3',
    '--log-requests',
    '--log-requests-level',
    '3',
    '--log-requests-format',
    'json',
    '--enable-metrics',
  ]);
  expect(serverArgv({ ...spec, logRequests: false })).not.toContain('--log-requests');
  expect(serverArgv({ ...spec, enableMetrics: false })).not.toContain('--enable-metrics');
});

test('the script is valid bash and quotes every spec value', () => {
  const script = buildServerScript({
    spec,
    id: '20260528-100000-policy-abc123',
    createdAt: 't',
    toolVersion: '0',
  });
  execFileSync('bash', ['-n'], { input: script });
  expect(script).toContain(`'/ckpt/it'\\''s $(id) \`x\`'`);
  expect(() => buildServerScript({ spec, id: '../x', createdAt: 't', toolVersion: '0' })).toThrow(
    /Not a server id/,
  );
});
