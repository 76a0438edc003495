import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test, vi } from 'vitest';
import { runLaunchScriptCommand } from '../../../src/cli/launchScript';
import { describeIssues } from '../../../src/core/run/runFiles';
import { RunSpecSchema } from '../../../src/core/runspec/runSpec';
import type { RunSpec } from '../../../src/core/runspec/runSpec';
import { importLaunchScript } from '../../../src/core/runspec/importScript';
import { lintSpecFile } from '../../../src/core/runspec/specFileLint';
import { ServerSpecSchema } from '../../../src/remote/servers/serverSpec';
import { buildLaunchScript } from '../../../src/remote/launch/launchScript';
import { capturedIo } from '../capturedIo';

vi.stubGlobal('__ROLLOUT_STUDIO_VERSION__', '0.0.0-test');
const dir = mkdtempSync(join(tmpdir(), 'rs-reserved-env-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const problems = (spec: Record<string, unknown>) => {
  const parsed = RunSpecSchema.safeParse({ name: 'x', workdir: '/w', ...spec });
  return parsed.success ? '' : describeIssues(parsed.error);
};

test.each([
  ['RS_HEAD_PID', /env\.RS_HEAD_PID: RS_HEAD_PID is reserved/],
  ['ROLLOUT_STUDIO_RUN_ID', /env\.ROLLOUT_STUDIO_RUN_ID: ROLLOUT_STUDIO_RUN_ID is reserved/],
  ['rs_code', /env\.rs_code: rs_code is reserved/],
  ['IFS', /env\.IFS: IFS is reserved: it changes how the launch script's shell works/],
  ['BASH_ENV', /env\.BASH_ENV: BASH_ENV is reserved/],
  ['CDPATH', /env\.CDPATH: CDPATH is reserved/],
  ['PATH', /env\.PATH: PATH changes which programs the launch script runs; add "PATH" to allowEnv/],
  ['LD_PRELOAD', /env\.LD_PRELOAD: .*allowEnv/],
])('the schema refuses %s in env and names the field', (name, message) => {
  expect(problems({ env: { [name]: '1' } })).toMatch(message);
});

test('secret names are held to the same rule, named by their place in secretEnv', () => {
  expect(problems({ secretEnv: ['WANDB_API_KEY', 'RS_RUN_DIR'] })).toMatch(
    /secretEnv\.1: RS_RUN_DIR is reserved/,
  );
});

test('PATH is accepted when allowEnv lists it; ordinary names always are', () => {
  expect(problems({ env: { PATH: '/opt/ray/bin:/usr/bin' }, allowEnv: ['PATH'] })).toBe('');
  expect(problems({ env: { CUDA_DEVICE_MAX_CONNECTIONS: '1', PYTHONPATH: '/m', RSX: '1' } })).toBe('');
  expect(problems({ allowEnv: ['IFS'] })).toMatch(/allowEnv\.0/);
});

test('launch-script refuses a spec with a reserved name, naming the field, and prints no script', async () => {
  const path = join(dir, 'spec.json');
  writeFileSync(path, JSON.stringify({ name: 'x', workdir: '/w', env: { RS_HEAD_PID: '1' } }));
  const t = capturedIo();
  const code = await runLaunchScriptCommand([path], t.io);
  expect(code).toBe(2);
  expect(t.stderr()).toMatch(/env\.RS_HEAD_PID: RS_HEAD_PID is reserved/);
  expect(t.stdout()).toBe('');
});

test('the spec editor puts the refusal on the variable name', () => {
  const text = '{\n  "name": "x",\n  "workdir": "/w",\n  "env": { "OK": "1", "IFS": "," }\n}\n';
  const findings = lintSpecFile(text);
  expect(findings).toEqual([
    expect.objectContaining({ code: 'RS305', severity: 'error', offset: text.indexOf('"IFS"'), length: 5 }),
  ]);
  expect(findings[0]?.message).toMatch(/IFS is reserved/);
});

test('a spec built in code with a reserved name never becomes a script', () => {
  const spec = { ...RunSpecSchema.parse({ name: 'x', workdir: '/w' }), env: { RS_HEAD_PID: '1' } } as RunSpec;
  expect(() => buildLaunchScript({ spec, id: 'r1', createdAt: '', toolVersion: '0' })).toThrow(
    /RS_HEAD_PID is reserved/,
  );
});

test('a relative runsRoot is refused: the script changes directory before it writes state.json', () => {
  expect(problems({ runsRoot: 'runs' })).toMatch(/runsRoot: an absolute path, or one under ~/);
  expect(problems({ runsRoot: './runs' })).toMatch(/runsRoot/);
  expect(problems({ runsRoot: '~user/runs' })).toMatch(/runsRoot/);
  for (const ok of ['/data/runs', '~', '~/runs']) expect(problems({ runsRoot: ok })).toBe('');
});

test('import-script leaves reserved names out with a note, so the imported spec is valid', () => {
  const script =
    'export PATH=/opt/x:$PATH\nexport IFS=,\nexport CUDA_DEVICE_MAX_CONNECTIONS=1\npython3 train.py --rollout-batch-size 4\n';
  const { spec, problems: notes } = importLaunchScript(script, '/w/run.sh');
  expect(spec.env).toEqual({ CUDA_DEVICE_MAX_CONNECTIONS: '1' });
  expect(notes.map((n) => n.message)).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/^Left out PATH: /),
      expect.stringMatching(/^Left out IFS: /),
    ]),
  );
  expect(problems(spec as Record<string, unknown>)).toBe('');
});

test('a server spec refuses the variables of the server script the same way', () => {
  const parsed = ServerSpecSchema.safeParse({ name: 's', modelPath: '/m', env: { RS_PID: '1', PATH: '/x' } });
  expect(parsed.success ? '' : describeIssues(parsed.error)).toBe(
    'env.RS_PID: RS_PID is reserved: RS_*, ROLLOUT_STUDIO_* and BASH_* variables belong to the launch script and bash.',
  );
});
