import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { freePort } from '../../scripts/lib/codeServer.mjs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { RunStateSchema } from '../../src/core/run/runFiles';
import type { RunState } from '../../src/core/run/runFiles';
import { RunSpecSchema } from '../../src/core/runspec/runSpec';
import type { RunSpecInput } from '../../src/core/runspec/runSpec';
import { entryArgv } from '../../src/remote/launch/launchScript';
import { launchRun, prepareLaunch } from '../../src/remote/launch/launchRun';
import type { LaunchResult } from '../../src/remote/launch/launchRun';
import { stopRun } from '../../src/remote/launch/stopRun';
import { until } from '../until';
import { alive, commandLines } from './harness/processes';
import { useTrustedBox } from './harness/trustedBox';

// Head and cluster modes against the stand-in `ray` (test/fixtures/box/ray/ray), put on the run's PATH
// through the spec's env; it logs every invocation's argv to RAY_STANDIN_ARGV_LOG.

const RAY_DIR = resolve(__dirname, '../fixtures/box/ray');
const WORKDIR = resolve(__dirname, '../fixtures/box/slime');
const TAP = readFileSync(resolve(__dirname, '../../media/tap/rollout_studio_tap.py'), 'utf8');
const SECRET = "s3cr3t-ray 'quoted' $(not run)";
const HOSTILE = [
  "it's",
  '$(touch /tmp/rs-pwned-ray)',
  '`id`',
  'two\nlines',
  '*',
  '--looks-like-a-flag',
  'ünï ✓',
  ' padded ',
  '',
];
const box = useTrustedBox('rs-launch-ray-');

let cluster: { head: ChildProcess; address: string; tempDir: string };
const unrelated: ChildProcess[] = [];

/** A Ray head this test starts itself, the way someone else's cluster would be running on the box. */
async function startOtherHead(
  name: string,
): Promise<{ head: ChildProcess; address: string; tempDir: string }> {
  const [gcs, dashboard] = [await freePort(), await freePort()];
  const tempDir = join(box().dir, name);
  const cwd = join(box().dir, `${name}-cwd`);
  mkdirSync(cwd, { recursive: true });
  const head = spawn(
    join(RAY_DIR, 'ray'),
    [
      'start',
      '--head',
      '--block',
      '--port',
      String(gcs),
      '--dashboard-port',
      String(dashboard),
      '--temp-dir',
      tempDir,
    ],
    { cwd, detached: true, stdio: 'ignore' },
  );
  unrelated.push(head);
  const address = `http://127.0.0.1:${dashboard}`;
  let up = false;
  const poll = setInterval(() => {
    fetch(`${address}/api/version`).then(
      (r) => (up = r.ok),
      () => undefined,
    );
  }, 100);
  try {
    await until(() => up, `the ${name} head to serve ${address}`);
  } finally {
    clearInterval(poll);
  }
  return { head, address, tempDir };
}

beforeAll(async () => {
  cluster = await startOtherHead('cluster');
});
afterAll(() => {
  for (const p of unrelated) if (p.pid && alive(p.pid)) process.kill(p.pid, 'SIGKILL');
});

const argvLog = () => join(box().dir, 'ray-argv.jsonl');
const spec = (ray: RunSpecInput['ray'], behaviour: string, extraArgs: RunSpecInput['args'] = {}) =>
  RunSpecSchema.parse({
    name: `ray ${ray?.mode}`,
    box: 'box',
    workdir: WORKDIR,
    runsRoot: join(box().dir, 'runs'),
    args: { '--rollout-batch-size': 2, '--n-samples-per-prompt': 2, '--num-rollout': 2, ...extraArgs },
    env: {
      STANDIN_BEHAVIOUR: behaviour,
      PATH: `${RAY_DIR}:${process.env.PATH ?? '/usr/bin:/bin'}`,
      RAY_STANDIN_ARGV_LOG: argvLog(),
    },
    secretEnv: ['STANDIN_SECRET'],
    ray,
  });

const launch = (ray: RunSpecInput['ray'], behaviour: string, extraArgs: RunSpecInput['args'] = {}) =>
  launchRun(box().target, prepareLaunch(spec(ray, behaviour, extraArgs), '0.0.0-test'), {
    tapSource: TAP,
    secrets: { STANDIN_SECRET: SECRET },
  });
const file = (dir: string, name: string) => readFileSync(join(dir, name), 'utf8');
const state = (dir: string): RunState => RunStateSchema.parse(JSON.parse(file(dir, 'state.json')));
const jobsOf = (tempDir: string) =>
  readFileSync(join(tempDir, 'standin-jobs.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map(
      (l) =>
        JSON.parse(l) as { submission_id: string; pid: number; entrypoint: string; env_var_names: string[] },
    );
const rayCalls = () =>
  readFileSync(argvLog(), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as string[]);

async function streaming(run: LaunchResult): Promise<void> {
  await until(
    () =>
      existsSync(join(run.runDir, 'console.log')) && /rollout 0: \{/.test(file(run.runDir, 'console.log')),
    'the job to stream its first rollout into console.log',
  );
}
async function exited(run: LaunchResult): Promise<RunState> {
  await until(
    () => existsSync(join(run.runDir, 'state.json')) && state(run.runDir).state === 'exited',
    'the run to exit',
  );
  return state(run.runDir);
}

/** The secret reached the entry's environment (it hashed it) and no process's argv, nor any argv ray got. */
function expectSecretOnlyInEnv(run: LaunchResult): void {
  expect(file(run.runDir, 'entry-secret.sha256')).toBe(createHash('sha256').update(SECRET).digest('hex'));
  for (const [pid, argv] of commandLines())
    expect(argv.join(' '), `argv of pid ${pid}`).not.toContain('s3cr3t');
  expect(readFileSync(argvLog(), 'utf8')).not.toContain('s3cr3t');
  expect(file(run.runDir, 'launch.sh')).not.toContain('s3cr3t');
}

test('head mode: the run starts its own head, submits, streams; stop ends the job and our head only', async () => {
  const otherHead = await startOtherHead('other-head');
  const python = spawn('python3', ['-c', 'import time; time.sleep(120)'], {
    detached: true,
    stdio: 'ignore',
  });
  unrelated.push(python);

  const run = await launch({ mode: 'head', numGpus: 1 }, 'slow');
  await streaming(run);
  const running = state(run.runDir);
  expect(running).toMatchObject({
    state: 'running',
    submissionId: `rs-${run.runId}`,
    rayHeadStartedByUs: true,
  });
  const headPid = running.rayHeadPid as number;
  expect(alive(headPid)).toBe(true);
  const start = rayCalls().find((argv) => argv[0] === 'start') ?? [];
  expect(start).toEqual(
    expect.arrayContaining(['--head', '--block', '--num-gpus', '1', '--disable-usage-stats']),
  );
  const tempDir = start[start.indexOf('--temp-dir') + 1] as string;
  expect(running.rayAddress).toBe(`http://127.0.0.1:${start[start.indexOf('--dashboard-port') + 1]}`);
  const [job] = jobsOf(tempDir);
  expect(job?.submission_id).toBe(`rs-${run.runId}`);
  expect(file(run.runDir, 'entry-cwd.txt')).toBe(WORKDIR);
  expectSecretOnlyInEnv(run);
  // The head's runtime env names no secret: the job inherits it from the head, like Ray's workers.
  expect(job?.env_var_names).not.toContain('STANDIN_SECRET');
  const helper = Number(file(run.runDir, 'entry-helper.pid'));

  const outcome = await stopRun(box().target, run.runDir, { graceMs: 40_000 });
  expect(outcome.kind).toBe('stopped');
  expect(state(run.runDir)).toMatchObject({ state: 'exited', exitCode: 143 });
  for (const pid of [run.pid, headPid, job?.pid as number, helper])
    expect(alive(pid), `pid ${pid}`).toBe(false);
  expect(existsSync(tempDir)).toBe(false);
  expect(rayCalls()).toContainEqual(['job', 'stop', '--address', running.rayAddress, `rs-${run.runId}`]);
  expect(file(run.runDir, 'console.log')).toMatch(/Job 'rs-[^']+' was stopped/);
  // What this run did not start is untouched: another head, an unrelated python3, the cluster.
  for (const other of [otherHead.head, python, cluster.head]) expect(alive(other.pid as number)).toBe(true);
});

test('cluster mode: submits to the existing address with the env in the runtime env; stop stops only our job', async () => {
  const before = existsSync(join(cluster.tempDir, 'standin-jobs.jsonl')) ? jobsOf(cluster.tempDir).length : 0;
  const run = await launch({ mode: 'cluster', address: cluster.address }, 'slow');
  await streaming(run);
  expect(state(run.runDir)).toMatchObject({
    state: 'running',
    submissionId: `rs-${run.runId}`,
    rayAddress: cluster.address,
    rayHeadStartedByUs: false,
  });
  const job = jobsOf(cluster.tempDir)[before];
  expect(job?.submission_id).toBe(`rs-${run.runId}`);
  // The cluster's head knows nothing of this run: everything arrives through the runtime env.
  expect(job?.env_var_names).toEqual(
    expect.arrayContaining(['STANDIN_SECRET', 'STANDIN_BEHAVIOUR', 'ROLLOUT_STUDIO_RUN_ID', 'PYTHONPATH']),
  );
  expect(existsSync(join(run.runDir, '.runtime-env.json'))).toBe(false);
  // The cluster's head runs elsewhere; the entry still runs in the workdir.
  expect(file(run.runDir, 'entry-cwd.txt')).toBe(WORKDIR);
  expectSecretOnlyInEnv(run);

  const outcome = await stopRun(box().target, run.runDir, { graceMs: 40_000 });
  expect(outcome.kind).toBe('stopped');
  expect(state(run.runDir)).toMatchObject({ state: 'exited', exitCode: 143 });
  expect(alive(job?.pid as number)).toBe(false);
  expect(rayCalls()).toContainEqual(['job', 'stop', '--address', cluster.address, `rs-${run.runId}`]);
  expect(rayCalls().filter((argv) => argv[0] === 'start')).toHaveLength(1);
  expect(alive(cluster.head.pid as number)).toBe(true);
  const status = await fetch(`${cluster.address}/api/jobs/rs-${run.runId}`).then((r) => r.json());
  expect(status).toMatchObject({ status: 'STOPPED' });
});

test('a job that finishes records exit 0 with hostile values byte for byte; a job that fails records its failure and stops our head', async () => {
  const hostile = { '--prompt-data': HOSTILE, '--weird-value': '-5' };
  const ok = await launch({ mode: 'cluster', address: cluster.address }, 'ok', hostile);
  expect(await exited(ok)).toMatchObject({ exitCode: 0 });
  const clusterSpec = spec({ mode: 'cluster', address: cluster.address }, 'ok', hostile);
  expect(JSON.parse(file(ok.runDir, 'entry-argv.json'))).toEqual(entryArgv(clusterSpec).slice(2));
  expect(existsSync('/tmp/rs-pwned-ray')).toBe(false);
  expect(file(ok.runDir, 'console.log')).toMatch(/Job 'rs-[^']+' succeeded/);

  const oom = await launch({ mode: 'head' }, 'oom');
  const failed = await exited(oom);
  expect(failed.exitCode).toBe(1);
  expect(file(oom.runDir, 'console.log')).toMatch(/CUDA out of memory[\s\S]*Job 'rs-[^']+' failed/);
  expect(alive(failed.rayHeadPid as number)).toBe(false);
});
