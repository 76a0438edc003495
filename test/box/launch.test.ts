import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { RunStateSchema } from '../../src/core/run/runFiles';
import { RunSpecSchema } from '../../src/core/runspec/runSpec';
import type { RunSpecInput } from '../../src/core/runspec/runSpec';
import { entryArgv } from '../../src/remote/launch/launchScript';
import { launchRun, prepareLaunch } from '../../src/remote/launch/launchRun';
import { stopRun } from '../../src/remote/launch/stopRun';
import { discoverRuns } from '../../src/remote/runDiscovery';
import type { SshConnectionPool } from '../../src/remote/sshConnectionPool';
import type { SshTarget } from '../../src/remote/sshTarget';
import { alive } from './harness/processes';
import { clientHome, poolFor, ScriptedPrompts, type ClientHome } from './harness/sshBox';
import { Sshd } from './harness/sshd';

const WORKDIR = resolve(__dirname, '../fixtures/box/slime');
const TAP = readFileSync(resolve(__dirname, '../../media/tap/rollout_studio_tap.py'), 'utf8');
const HOSTILE = [
  "it's",
  '$(touch /tmp/rs-pwned-launch)',
  '`id`',
  'two\nlines',
  '*',
  '--looks-like-a-flag',
  '-x',
  'ünïcödé ✓ 模型',
  '"double" \\back',
  '$HOME ${PATH}',
  ' padded ',
  '',
];
const SECRET = "s3cr3t 'with' $(quotes) and\nnewline";

let sshd: Sshd;
let client: ClientHome;
let pool: SshConnectionPool;
let target: SshTarget;
let root: string;

beforeAll(async () => {
  sshd = await Sshd.start();
  client = await clientHome({ box: { sshd } }, { trust: [sshd] });
  pool = poolFor(client, new ScriptedPrompts());
  target = await pool.target('box');
  root = await mkdtemp(join(tmpdir(), 'rs-launch-box-'));
});
afterAll(async () => {
  await target?.close();
  await client?.remove();
  await sshd?.stop();
  await rm(root, { recursive: true, force: true });
});

const spec = (over: Partial<RunSpecInput> = {}) =>
  RunSpecSchema.parse({
    name: 'box launch',
    box: 'box',
    workdir: WORKDIR,
    runsRoot: join(root, 'runs'),
    args: { '--rollout-batch-size': 2, '--n-samples-per-prompt': 2, '--num-rollout': 2, '--colocate': true },
    ...over,
  });

const until = async <T>(what: string, check: () => Promise<T | undefined>, ms = 30_000): Promise<T> => {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await check().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
};
const stateOf = async (dir: string) =>
  RunStateSchema.parse(JSON.parse(await readFile(join(dir, 'state.json'), 'utf8')));

test('a launched run gets hostile values byte for byte, the secret only through the 0600 file, and streams through the tap', async () => {
  const s = spec({
    args: {
      '--rollout-batch-size': 2,
      '--n-samples-per-prompt': 2,
      '--num-rollout': 2,
      '--prompt-data': HOSTILE,
      '--weird-value': '-5',
    },
    env: { STANDIN_BEHAVIOUR: 'ok' },
    secretEnv: ['STANDIN_SECRET'],
    rewardRange: [0, 1],
  });
  const prepared = prepareLaunch(s, '0.0.0-test');
  const launched = await launchRun(target, prepared, { tapSource: TAP, secrets: { STANDIN_SECRET: SECRET } });
  const state = await until('the run to exit', async () => {
    const st = await stateOf(launched.runDir);
    return st.state === 'exited' ? st : undefined;
  });
  expect(state).toMatchObject({
    exitCode: 0,
    pid: launched.pid,
    pgid: launched.pid,
    rayHeadStartedByUs: false,
  });
  const argv = JSON.parse(await readFile(join(launched.runDir, 'entry-argv.json'), 'utf8')) as string[];
  expect(argv).toEqual(entryArgv(s).slice(2));
  expect(argv).toEqual(expect.arrayContaining(HOSTILE));
  expect(existsSync('/tmp/rs-pwned-launch')).toBe(false);
  // The entry saw the secret; no file of the run holds it, and the secrets file is gone.
  expect(await readFile(join(launched.runDir, 'entry-secret.sha256'), 'utf8')).toBe(
    createHash('sha256').update(SECRET).digest('hex'),
  );
  expect(existsSync(join(launched.runDir, '.secrets'))).toBe(false);
  for (const f of ['launch.sh', 'run.json', 'console.log', 'state.json', 'rollouts.jsonl'])
    expect(await readFile(join(launched.runDir, f), 'utf8')).not.toContain('s3cr3t');
  // The script the user reviewed is the file that ran.
  expect(await readFile(join(launched.runDir, 'launch.sh'), 'utf8')).toBe(prepared.script);
  const console = await readFile(join(launched.runDir, 'console.log'), 'utf8');
  expect(console).toMatch(/rollout 1: \{'rollout\/raw_reward': 0\.5/);
  const records = (await readFile(join(launched.runDir, 'rollouts.jsonl'), 'utf8'))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { kind: string; step?: number; rewardRange?: number[] });
  expect(records.filter((r) => r.kind === 'sample')).toHaveLength(8);
  expect(records.filter((r) => r.kind === 'step').map((r) => r.step)).toEqual([0, 1]);
  // The declared reward range reaches run.json and, through the job's environment, the tap's step records.
  expect(records.filter((r) => r.kind === 'step').map((r) => r.rewardRange)).toEqual([
    [0, 1],
    [0, 1],
  ]);
  expect(JSON.parse(await readFile(join(launched.runDir, 'run.json'), 'utf8'))).toMatchObject({
    rewardRange: [0, 1],
  });
  // Rediscovered from the runs directory with its true state.
  const found = await discoverRuns(target, join(root, 'runs'));
  expect(found.runs.find((r) => r.record.id === launched.runId)?.state?.state).toBe('exited');
});

test('stop ends the run and its helpers, writes state.json, and leaves an unrelated python3 running', async () => {
  const unrelated = spawn('python3', ['-c', 'import time; time.sleep(120)'], {
    detached: true,
    stdio: 'ignore',
  });
  unrelated.unref();
  try {
    const launched = await launchRun(
      target,
      prepareLaunch(spec({ env: { STANDIN_BEHAVIOUR: 'slow' } }), '0.0.0-test'),
      { tapSource: TAP },
    );
    const helper = await until(
      'the entry to start its helper',
      async () => Number(await readFile(join(launched.runDir, 'entry-helper.pid'), 'utf8')) || undefined,
    );
    expect((await stateOf(launched.runDir)).state).toBe('running');
    const outcome = await stopRun(target, launched.runDir, { graceMs: 20_000 });
    expect(outcome.kind).toBe('stopped');
    expect(await stateOf(launched.runDir)).toMatchObject({ state: 'exited' });
    expect(alive(launched.pid)).toBe(false);
    expect(alive(helper)).toBe(false);
    expect(alive(unrelated.pid as number)).toBe(true);
    expect(await readFile(join(launched.runDir, 'console.log'), 'utf8')).toMatch(/stop requested/);
  } finally {
    process.kill(unrelated.pid as number, 'SIGKILL');
  }
});

test('an entry that ignores SIGTERM is killed after the grace period; only its own processes', async () => {
  const unrelated = spawn('python3', ['-c', 'import time; time.sleep(120)'], {
    detached: true,
    stdio: 'ignore',
  });
  unrelated.unref();
  try {
    const launched = await launchRun(
      target,
      prepareLaunch(spec({ env: { STANDIN_BEHAVIOUR: 'stubborn' } }), '0.0.0-test'),
      { tapSource: TAP },
    );
    const helper = await until(
      'the entry to start its helper',
      async () => Number(await readFile(join(launched.runDir, 'entry-helper.pid'), 'utf8')) || undefined,
    );
    const outcome = await stopRun(target, launched.runDir, { graceMs: 1500 });
    expect(outcome.kind).toBe('killed');
    if (outcome.kind === 'killed') expect(outcome.killed).toContain(helper);
    await until('the helper to be gone', async () => (alive(helper) ? undefined : true), 5000);
    expect((await stateOf(launched.runDir)).state).toBe('exited');
    expect(alive(unrelated.pid as number)).toBe(true);
  } finally {
    process.kill(unrelated.pid as number, 'SIGKILL');
  }
});

test.each(['direct', 'head'] as const)(
  'a %s-mode launch whose workdir is missing records exited with the reason in its console',
  async (mode) => {
    const launched = await launchRun(
      target,
      prepareLaunch(spec({ workdir: join(root, 'no-such-slime'), ray: { mode } }), '0.0.0-test'),
      { tapSource: TAP },
    );
    const state = await until('the run to record its end', async () => {
      const st = await stateOf(launched.runDir);
      return st.state === 'exited' ? st : undefined;
    });
    expect(state).toMatchObject({ exitCode: 2, rayHeadStartedByUs: mode === 'head' });
    expect(await readFile(join(launched.runDir, 'console.log'), 'utf8')).toMatch(
      /cannot enter the workdir .*no-such-slime/,
    );
    // The exit trap writes the state file and then the shell exits: the process may outlive the record
    // by a moment, longer on a loaded machine.
    await until('the entry to be gone', async () => (alive(launched.pid) ? undefined : true), 10_000);
  },
);

test('a run whose process group is killed outright is discovered as ended without recording its exit', async () => {
  const launched = await launchRun(
    target,
    prepareLaunch(spec({ env: { STANDIN_BEHAVIOUR: 'slow' } }), '0.0.0-test'),
    { tapSource: TAP },
  );
  // The helper first, then its first log line: a kill between the two would leave nothing to show.
  await until('the entry to start its helper and log', async () =>
    existsSync(join(launched.runDir, 'entry-helper.pid')) &&
    (await readFile(join(launched.runDir, 'console.log'), 'utf8')).includes('Router launched')
      ? true
      : undefined,
  );
  // What the OOM killer or a reboot does: nothing in the group gets to run a trap.
  process.kill(-launched.pid, 'SIGKILL');
  await until('the group to be gone', async () => (alive(launched.pid) ? undefined : true), 5000);
  expect((await stateOf(launched.runDir)).state).toBe('running');
  const found = await discoverRuns(target, join(root, 'runs'));
  const run = found.runs.find((r) => r.record.id === launched.runId);
  expect(run?.state).toMatchObject({ state: 'exited', exitCode: null });
  expect(run?.unrecordedEnd?.lastLines.join('\n')).toMatch(/rollout|train|Rollout Studio/);
});
