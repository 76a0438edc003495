import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, test, vi } from 'vitest';
import { runLaunchScriptCommand } from '../../../src/cli/launchScript';
import { RunStateSchema } from '../../../src/core/run/runFiles';
import { RunSpecSchema } from '../../../src/core/runspec/runSpec';
import type { RunSpecInput } from '../../../src/core/runspec/runSpec';
import { prepareLaunch } from '../../../src/remote/launch/launchRun';
import { capturedIo } from '../capturedIo';

// Every way out of launch.sh records the run's end in state.json: each case breaks one step of the
// launch, in direct and in head mode, runs the script with bash as a user would, and reads the state.

vi.stubGlobal('__ROLLOUT_STUDIO_VERSION__', '0.0.0-test');
const WORKDIR = resolve(__dirname, '../../fixtures/box/slime');
const dir = mkdtempSync(join(tmpdir(), 'rs-launch-fail-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// No `ray` on this PATH: the head-mode cases end before the head would start.
const pathWith = (_ray: boolean) => ['/usr/local/bin', '/usr/bin', '/bin'].join(':');

function runScript(script: string, runId: string, ray = true) {
  const path = join(dir, `${runId}.sh`);
  writeFileSync(path, script);
  const result = spawnSync('bash', [path], {
    env: { HOME: dir, PATH: pathWith(ray), TMPDIR: dir },
    encoding: 'utf8',
    timeout: 60_000,
  });
  const runDir = join(dir, 'runs', runId);
  const state = RunStateSchema.parse(JSON.parse(readFileSync(join(runDir, 'state.json'), 'utf8')));
  const console = readFileSync(join(runDir, 'console.log'), 'utf8');
  return { status: result.status, state, console };
}

function launch(mode: 'direct' | 'head', over: Partial<RunSpecInput>, ray = true) {
  const spec = RunSpecSchema.parse({
    name: `fail ${mode}`,
    workdir: WORKDIR,
    tap: false,
    runsRoot: join(dir, 'runs'),
    args: { '--rollout-batch-size': 2, '--num-rollout': 1 },
    ray: { mode },
    env: { STANDIN_BEHAVIOUR: 'ok' },
    ...over,
  });
  const prepared = prepareLaunch(spec, '0.0.0-test', new Date(Date.now() + Math.random() * 1e9));
  return runScript(prepared.script, prepared.input.id, ray);
}

const CASES: { step: string; over: Partial<RunSpecInput>; ray?: boolean; code: number; says: RegExp }[] = [
  {
    step: 'missing workdir',
    over: { workdir: join(dir, 'no-such-slime') },
    code: 2,
    says: /cannot enter the workdir .*no-such-slime/,
  },
  {
    step: 'missing entry',
    over: { workdir: dir, entry: 'train_async.py' },
    code: 2,
    says: /workdir has no train_async\.py/,
  },
  {
    step: 'missing python',
    over: { python: join(dir, 'no-python3') },
    code: 127,
    says: /no-python3 does not run on this box/,
  },
  { step: 'missing tap', over: { tap: true }, code: 2, says: /the tap is on but .* is missing/ },
  {
    step: 'a bad flag',
    over: { args: { '--rollout-batch-size': 'two', '--num-rollout': 1 } },
    code: -1,
    says: /argument --rollout-batch-size: invalid int value: 'two'/,
  },
];

describe.each(['direct', 'head'] as const)('launch.sh in %s mode records its end', (mode) => {
  // A bad flag in head mode is reached only with Ray itself (test/box/launchRay.test.ts runs real Ray).
  const cases = mode === 'head' ? CASES.filter((c) => c.step !== 'a bad flag') : CASES;
  test.each(cases)('on $step', { timeout: 60_000 }, ({ over, ray, code, says }) => {
    const run = launch(mode, over, ray);
    expect(run.state.state, run.console).toBe('exited');
    expect(run.state.endedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    if (code >= 0) expect(run.state.exitCode).toBe(code);
    else expect(run.state.exitCode).not.toBe(0);
    expect(run.status).toBe(run.state.exitCode);
    expect(run.console).toMatch(says);
    expect(run.console).not.toMatch(/unbound variable/);
  });
});

test('in head mode, a box without ray records its end', { timeout: 60_000 }, () => {
  const run = launch('head', {}, false);
  expect(run.state).toMatchObject({ state: 'exited', exitCode: 127 });
  expect(run.console).toMatch(/the ray command is not on PATH/);
});

test('a script that dies of an unbound variable still records its end', { timeout: 60_000 }, () => {
  const spec = RunSpecSchema.parse({
    name: 'trap',
    workdir: WORKDIR,
    tap: false,
    runsRoot: join(dir, 'runs'),
  });
  const prepared = prepareLaunch(spec, '0.0.0-test');
  // An edit the script's own code cannot make: a reference to a variable nobody set, under set -u.
  const script = prepared.script.replace('rs_state running\n', 'rs_state running\necho "$RS_NEVER_SET"\n');
  const run = runScript(script, prepared.input.id);
  expect(run.state).toMatchObject({ state: 'exited' });
  expect(run.state.exitCode).not.toBe(0);
  expect(run.console).toMatch(/RS_NEVER_SET: unbound variable/);
});

test(
  'the launch-script command, run by hand on a box without the workdir, records exited',
  { timeout: 60_000 },
  async () => {
    for (const mode of ['direct', 'head'] as const) {
      const specPath = join(dir, `cli-${mode}.json`);
      writeFileSync(
        specPath,
        JSON.stringify({
          name: `cli ${mode}`,
          workdir: '/root/slime-missing',
          runsRoot: join(dir, 'runs'),
          ray: { mode },
        }),
      );
      const t = capturedIo();
      expect(await runLaunchScriptCommand([specPath], t.io)).toBe(0);
      const script = t.stdout();
      const runId = /^RS_ID=(\S+)$/m.exec(script)?.[1] as string;
      const run = runScript(script, runId);
      expect(run.state).toMatchObject({ state: 'exited', exitCode: 2 });
    }
  },
);
