import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { RunStateSchema } from '../../src/core/run/runFiles';
import type { RunState } from '../../src/core/run/runFiles';
import { RunSpecSchema } from '../../src/core/runspec/runSpec';
import type { RunSpecInput } from '../../src/core/runspec/runSpec';
import { entryArgv } from '../../src/remote/launch/launchScript';
import { launchRun, prepareLaunch } from '../../src/remote/launch/launchRun';
import type { LaunchResult } from '../../src/remote/launch/launchRun';
import { checkRayFit } from '../../src/remote/launch/rayFitCheck';
import { gpuDemand } from '../../src/core/runspec/rayFit';
import { stopRun } from '../../src/remote/launch/stopRun';
import { discoverRuns } from '../../src/remote/runDiscovery';
import { until } from '../until';
import { alive, commandLines } from './harness/processes';
import { noRayReason, startRayCluster, venvBin } from './harness/rayCluster';
import type { RayCluster } from './harness/rayCluster';
import { useTrustedBox } from './harness/trustedBox';

// Head and cluster modes against real Ray (pinned in test/python/requirements.txt): the box's PATH
// starts with the test venv's bin, so launch.sh runs the real `ray`, and the spec names the venv's
// python3 for the stand-in train.py. One cluster of two nodes on loopback serves every test of the file; head mode starts
// one more head, its own.

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
// Ray's processes are slow to start on a small machine.
const RAY_MS = 180_000;

const box = useTrustedBox('rs-launch-ray-', { pathDirs: [venvBin] });
let cluster: RayCluster | undefined;
const launched: LaunchResult[] = [];
const unrelated: ChildProcess[] = [];

const theCluster = () => {
  if (!cluster) throw new Error('the Ray cluster did not start');
  return cluster;
};
const spec = (
  ray: RunSpecInput['ray'],
  behaviour: string,
  extraArgs: RunSpecInput['args'] = {},
  extraEnv: Record<string, string> = {},
) =>
  RunSpecSchema.parse({
    name: `ray ${ray?.mode}`,
    box: 'box',
    workdir: WORKDIR,
    // The venv's interpreter, as a box's slime environment would be named: it has Ray.
    python: join(venvBin, 'python3'),
    runsRoot: join(box().dir, 'runs'),
    args: { '--rollout-batch-size': 2, '--n-samples-per-prompt': 2, '--num-rollout': 2, ...extraArgs },
    env: { STANDIN_BEHAVIOUR: behaviour, ...extraEnv },
    secretEnv: ['STANDIN_SECRET'],
    allowEnv: ['PATH'],
    ray,
  });
async function launch(
  ray: RunSpecInput['ray'],
  behaviour: string,
  extraArgs: RunSpecInput['args'] = {},
  extraEnv: Record<string, string> = {},
): Promise<LaunchResult> {
  const prepared = prepareLaunch(spec(ray, behaviour, extraArgs, extraEnv), '0.0.0-test');
  const run = await launchRun(box().target, prepared, {
    tapSource: TAP,
    secrets: { STANDIN_SECRET: SECRET },
  });
  launched.push(run);
  return run;
}
const file = (dir: string, name: string) => readFileSync(join(dir, name), 'utf8');
const state = (dir: string): RunState => RunStateSchema.parse(JSON.parse(file(dir, 'state.json')));

/** What the Jobs API says of a submission: its status and the names of its runtime env's variables. */
async function job(address: string, id: string): Promise<{ status: string; envNames: string[] }> {
  const info = (await (await fetch(`${address}/api/jobs/${id}`)).json()) as {
    status: string;
    runtime_env?: { env_vars?: Record<string, string> };
  };
  return { status: info.status, envNames: Object.keys(info.runtime_env?.env_vars ?? {}) };
}
/** The parent of a process: the stand-in train.py is the parent of the helper it records. */
function parentOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
}

async function streaming(run: LaunchResult): Promise<void> {
  await until(
    () =>
      existsSync(join(run.runDir, 'console.log')) && /rollout 0: \{/.test(file(run.runDir, 'console.log')),
    'the job to stream its first rollout into console.log',
    RAY_MS,
  );
}
async function exited(run: LaunchResult): Promise<RunState> {
  await until(
    () => existsSync(join(run.runDir, 'state.json')) && state(run.runDir).state === 'exited',
    'the run to exit',
    RAY_MS,
  );
  return state(run.runDir);
}

/** The secret reached the entry's environment (it hashed it) and no process's argv, nor launch.sh. */
function expectSecretOnlyInEnv(run: LaunchResult): void {
  expect(file(run.runDir, 'entry-secret.sha256')).toBe(createHash('sha256').update(SECRET).digest('hex'));
  for (const [pid, argv] of commandLines())
    expect(argv.join(' '), `argv of pid ${pid}`).not.toContain('s3cr3t');
  expect(file(run.runDir, 'launch.sh')).not.toContain('s3cr3t');
}

describe.skipIf(noRayReason !== undefined)(
  `real Ray${noRayReason ? ` (skipped: ${noRayReason})` : ''}`,
  { timeout: 2 * RAY_MS },
  () => {
    beforeAll(async () => {
      // Someone's cluster on the box: a head and a second node, CPU-only with declared (fake) GPUs.
      cluster = await startRayCluster(join(box().dir, 'cluster'), {
        ip: '127.0.0.2',
        numCpus: 2,
        numGpus: 2,
      });
      await cluster.addNode({ ip: '127.0.0.3', numCpus: 1, numGpus: 2 });
    }, 2 * RAY_MS);
    afterAll(async () => {
      for (const run of launched)
        await stopRun(box().target, run.runDir, { graceMs: 30_000 }).catch(() => undefined);
      await cluster?.stop();
      for (const p of unrelated) if (p.pid && alive(p.pid)) process.kill(p.pid, 'SIGKILL');
    }, RAY_MS);

    test('two nodes: the fit check reads both and names exactly what is missing', async () => {
      const { address } = theCluster();
      const fit = (args: RunSpecInput['args']) =>
        checkRayFit(box().target, spec({ mode: 'cluster', address }, 'ok', args));
      const nodes =
        /127\.0\.0\.2 \(head\): 2 GPUs, 2 CPUs; 127\.0\.0\.3: 2 GPUs, 1 CPU|127\.0\.0\.3: 2 GPUs, 1 CPU; 127\.0\.0\.2 \(head\): 2 GPUs, 2 CPUs/;

      const tooManyGpus = await fit({
        '--actor-num-nodes': 2,
        '--actor-num-gpus-per-node': 2,
        '--rollout-num-gpus': 2,
      });
      expect(tooManyGpus).toHaveLength(1);
      expect(tooManyGpus[0]).toMatchObject({ code: 'RS401', severity: 'error' });
      expect(tooManyGpus[0]?.message).toContain(
        `The run needs 6 GPUs (2 actor node(s) × 2 GPU(s) + 2 rollout GPU(s)) but the Ray cluster at ${address} has 4 GPUs: 2 missing.`,
      );
      expect(tooManyGpus[0]?.message).toMatch(nodes);

      // Four colocated GPUs exist, but the second node has one CPU for its two GPUs.
      const tooFewCpus = await fit({
        '--actor-num-nodes': 2,
        '--actor-num-gpus-per-node': 2,
        '--colocate': true,
      });
      expect(tooFewCpus.map((f) => f.code)).toEqual(['RS401']);
      expect(tooFewCpus[0]?.message).toContain('can pair only 3: 1 CPU missing on nodes with free GPUs');

      expect(
        await fit({ '--actor-num-nodes': 1, '--actor-num-gpus-per-node': 2, '--colocate': true }),
      ).toEqual([]);
      const unreachable = await checkRayFit(
        box().target,
        spec({ mode: 'cluster', address: 'http://127.0.0.1:9' }, 'ok'),
      );
      expect(unreachable).toMatchObject([{ code: 'RS404', severity: 'warning' }]);
    });

    test("the fit check agrees with Ray: what it accepts, slime's reservation gets; what it rejects, Ray cannot place", async () => {
      const { address } = theCluster();
      // The job joins the cluster and reserves what slime would for these flags (train.py stand-in).
      const reserve = async (args: RunSpecInput['args']) => {
        const findings = await checkRayFit(box().target, spec({ mode: 'cluster', address }, 'ok', args));
        const bundles = String(gpuDemand(args ?? {}).bundles);
        const run = await launch({ mode: 'cluster', address }, 'ok', args, {
          STANDIN_PLACEMENT_GPUS: bundles,
        });
        expect(await exited(run)).toMatchObject({ exitCode: 0 });
        return { findings, ray: JSON.parse(file(run.runDir, 'entry-ray.json')) as unknown };
      };
      const fits = await reserve({ '--actor-num-gpus-per-node': 2, '--colocate': true });
      expect(fits).toEqual({ findings: [], ray: { nodes: 2, placed: true } });
      const tooBig = await reserve({
        '--actor-num-nodes': 2,
        '--actor-num-gpus-per-node': 2,
        '--colocate': true,
      });
      expect(tooBig.findings.map((f) => f.code)).toEqual(['RS401']);
      expect(tooBig.ray).toEqual({ nodes: 2, placed: false });
    });

    test('cluster mode: submits to the existing address with the env in the runtime env; stop stops only our job', async () => {
      const { address, nodes } = theCluster();
      const run = await launch({ mode: 'cluster', address }, 'slow');
      await streaming(run);
      expect(state(run.runDir)).toMatchObject({
        state: 'running',
        submissionId: `rs-${run.runId}`,
        rayAddress: address,
        rayHeadStartedByUs: false,
      });
      // The cluster's head knows nothing of this run: the environment arrives through the runtime env,
      // except the secret, which anyone reaching the dashboard or `ray job list` could read there: the
      // job's entrypoint read it from a 0600 file and deleted the file.
      const submitted = await job(address, `rs-${run.runId}`);
      expect(submitted.status).toBe('RUNNING');
      expect(submitted.envNames).toEqual(
        expect.arrayContaining(['STANDIN_BEHAVIOUR', 'ROLLOUT_STUDIO_RUN_ID', 'PYTHONPATH']),
      );
      expect(submitted.envNames).not.toContain('STANDIN_SECRET');
      expect(await (await fetch(`${address}/api/jobs/rs-${run.runId}`)).text()).not.toContain('s3cr3t');
      expect(existsSync(join(run.runDir, '.job-secrets'))).toBe(false);
      expect(existsSync(join(run.runDir, '.runtime-env.json'))).toBe(false);
      // The cluster's head runs elsewhere; the entry still runs in the workdir.
      expect(file(run.runDir, 'entry-cwd.txt')).toBe(WORKDIR);
      expectSecretOnlyInEnv(run);
      // The tap streamed into the run directory: head and job share this machine's disk.
      await until(() => existsSync(join(run.runDir, 'rollouts.jsonl')), 'the tap to write rollouts.jsonl');
      const helper = Number(file(run.runDir, 'entry-helper.pid'));
      const entry = parentOf(helper);

      const outcome = await stopRun(box().target, run.runDir, { graceMs: 40_000 });
      expect(outcome.kind).toBe('stopped');
      expect(state(run.runDir)).toMatchObject({ state: 'exited', exitCode: 143 });
      expect(file(run.runDir, 'console.log')).toMatch(/Job 'rs-[^']+' was stopped/);
      expect((await job(address, `rs-${run.runId}`)).status).toBe('STOPPED');
      await until(() => !alive(entry) && !alive(helper), 'the job to end', 30_000);
      for (const node of nodes) expect(alive(node.pid as number)).toBe(true);
    });

    test('cluster mode: a job that outlives its killed launch script reads "script gone, Ray job still running", and Stop stops it', async () => {
      const { address } = theCluster();
      const run = await launch({ mode: 'cluster', address }, 'slow');
      await streaming(run);
      const helper = Number(file(run.runDir, 'entry-helper.pid'));
      const entry = parentOf(helper);
      // The script's whole process group dies at once (the OOM killer, a kill -9 -<pgid>): it records
      // nothing, and `ray job submit` dies with it, but the job runs under the cluster.
      process.kill(-run.pid, 'SIGKILL');
      await until(() => !alive(run.pid), 'the launch script to die');
      expect(state(run.runDir).state).toBe('running');
      expect((await job(address, `rs-${run.runId}`)).status).toBe('RUNNING');

      const read = async () => {
        const found = await discoverRuns(box().target, join(box().dir, 'runs'));
        const mine = found.runs.find((r) => r.dir.endsWith(run.runId));
        if (!mine) throw new Error(`discovery did not find ${run.runDir}`);
        return mine;
      };
      const gone = await read();
      expect(gone.state?.state).toBe('running');
      expect(gone.unrecordedEnd).toBeUndefined();
      expect(gone.scriptGone).toEqual({ rayJob: 'RUNNING' });
      expect(alive(entry)).toBe(true);

      const outcome = await stopRun(box().target, run.runDir, { graceMs: 5_000 });
      expect(outcome.kind).toBe('killed');
      expect(state(run.runDir)).toMatchObject({ state: 'exited', exitCode: null });
      await expect
        .poll(async () => (await job(address, `rs-${run.runId}`)).status, {
          timeout: 60_000,
          interval: 1_000,
        })
        .toBe('STOPPED');
      await until(() => !alive(entry) && !alive(helper), 'the job to end', 30_000);
      const after = await read();
      expect(after.state?.state).toBe('exited');
      expect(after.scriptGone).toBeUndefined();
    });

    test('head mode: a launch script killed alone leaves its head and job running, and reads so', async () => {
      const run = await launch({ mode: 'head', numGpus: 1 }, 'slow', {}, { STANDIN_PLACEMENT_GPUS: '1' });
      await streaming(run);
      const { rayHeadPid } = state(run.runDir);
      process.kill(run.pid, 'SIGKILL');
      await until(() => !alive(run.pid), 'the launch script to die');
      expect(alive(rayHeadPid as number)).toBe(true);
      const found = await discoverRuns(box().target, join(box().dir, 'runs'));
      const mine = found.runs.find((r) => r.dir.endsWith(run.runId));
      expect(mine?.scriptGone).toEqual({ rayJob: 'RUNNING' });
      expect(mine?.unrecordedEnd).toBeUndefined();

      expect((await stopRun(box().target, run.runDir, { graceMs: 5_000 })).kind).toBe('killed');
      expect(state(run.runDir).state).toBe('exited');
      await until(() => !alive(rayHeadPid as number), 'our head to end', 60_000);
    });

    test('a job that finishes records exit 0 with hostile values byte for byte; a job that fails records its failure', async () => {
      const { address } = theCluster();
      const hostile = { '--prompt-data': HOSTILE, '--weird-value': '-5' };
      const ok = await launch({ mode: 'cluster', address }, 'ok', hostile);
      expect(await exited(ok)).toMatchObject({ exitCode: 0 });
      const clusterSpec = spec({ mode: 'cluster', address }, 'ok', hostile);
      expect(JSON.parse(file(ok.runDir, 'entry-argv.json'))).toEqual(entryArgv(clusterSpec).slice(2));
      expect(existsSync('/tmp/rs-pwned-ray')).toBe(false);
      expect(file(ok.runDir, 'console.log')).toMatch(/Job 'rs-[^']+' succeeded/);

      const oom = await launch({ mode: 'cluster', address }, 'oom');
      expect((await exited(oom)).exitCode).toBe(1);
      expect(file(oom.runDir, 'console.log')).toMatch(/CUDA out of memory[\s\S]*Job 'rs-[^']+' failed/);
    });

    test('head mode: the run starts its own head on loopback, submits, streams; stop ends the job and our head only', async () => {
      const python = spawn('python3', ['-c', 'import time; time.sleep(300)'], {
        detached: true,
        stdio: 'ignore',
      });
      unrelated.push(python);

      // The job's driver joins this head (on loopback) and reserves a GPU, as slime's would.
      const run = await launch({ mode: 'head', numGpus: 1 }, 'slow', {}, { STANDIN_PLACEMENT_GPUS: '1' });
      await streaming(run);
      const running = state(run.runDir);
      expect(running).toMatchObject({
        state: 'running',
        submissionId: `rs-${run.runId}`,
        rayHeadStartedByUs: true,
      });
      const headPid = running.rayHeadPid as number;
      expect(alive(headPid)).toBe(true);
      const start = commandLines().get(headPid) ?? [];
      expect(start).toEqual(
        expect.arrayContaining(['start', '--head', '--block', '--num-gpus', '1', '--disable-usage-stats']),
      );
      const tempDir = start[start.indexOf('--temp-dir') + 1] as string;
      expect(running.rayAddress).toBe(`http://127.0.0.1:${start[start.indexOf('--dashboard-port') + 1]}`);
      const address = running.rayAddress as string;
      // The head keeps its loopback address: no other machine can reach or join it.
      const nodes = (await (await fetch(`${address}/api/v0/nodes`)).json()) as {
        data: { result: { result: { node_ip: string }[] } };
      };
      expect(nodes.data.result.result.map((n) => n.node_ip)).toEqual(['127.0.0.1']);
      expect(file(run.runDir, 'entry-cwd.txt')).toBe(WORKDIR);
      expect(JSON.parse(file(run.runDir, 'entry-ray.json'))).toEqual({ nodes: 1, placed: true });
      expectSecretOnlyInEnv(run);
      // The head's runtime env names no secret: the job inherits it from the head, like Ray's workers.
      expect((await job(address, `rs-${run.runId}`)).envNames).not.toContain('STANDIN_SECRET');
      const helper = Number(file(run.runDir, 'entry-helper.pid'));
      const entry = parentOf(helper);

      const outcome = await stopRun(box().target, run.runDir, { graceMs: 40_000 });
      expect(outcome.kind).toBe('stopped');
      expect(state(run.runDir)).toMatchObject({ state: 'exited', exitCode: 143 });
      expect(file(run.runDir, 'console.log')).toMatch(/Job 'rs-[^']+' was stopped/);
      await until(() => ![run.pid, headPid, entry, helper].some(alive), 'our head and job to end', 30_000);
      expect(existsSync(tempDir)).toBe(false);
      // What this run did not start is untouched: the cluster's nodes and an unrelated python3.
      for (const other of [...theCluster().nodes, python]) expect(alive(other.pid as number)).toBe(true);
    });
  },
);
