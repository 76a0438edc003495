import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { JOB_FILES } from '../../../src/core/boxJob/jobFiles';
import type { JobKind } from '../../../src/core/boxJob/jobFiles';
import { RUN_JOB } from '../../../src/core/run/runFiles';
import { RunSpecSchema } from '../../../src/core/runspec/runSpec';
import { SERVER_JOB } from '../../../src/core/servers/serverFiles';
import { readJobState } from '../../../src/remote/boxJob/jobState';
import { killTagged } from '../../../src/remote/boxJob/taggedProcesses';
import { prepareLaunch } from '../../../src/remote/launch/launchRun';
import { stopRun } from '../../../src/remote/launch/stopRun';
import { LocalTarget } from '../../../src/remote/localTarget';
import { discoverRuns } from '../../../src/remote/runDiscovery';
import { discoverServers } from '../../../src/remote/servers/discoverServers';
import { prepareServer } from '../../../src/remote/servers/launchServer';
import { ServerSpecSchema } from '../../../src/remote/servers/serverSpec';
import { stopServer } from '../../../src/remote/servers/stopServer';

// Users have runs and servers on their boxes that older launch scripts started. Whatever writes a box
// job's files now, state.json keeps the same bytes, and Stop and discovery still handle the old jobs:
// each case starts a job the old way (test/fixtures/boxJob, scripts an earlier version generated) and the
// current way, then reads, stops and rediscovers it with the current code.

const FIXTURES = resolve(__dirname, '../../fixtures/boxJob');
const PLACEHOLDER = '/RS_COMPAT_ROOT';
const target = new LocalTarget();
const roots: string[] = [];
afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

/** A box with a stand-in "python" that runs until stopped with a child in its process group. */
function box(): string {
  const root = mkdtempSync(join(tmpdir(), 'rs-compat-'));
  roots.push(root);
  // It says when its child is up, so a test kills the launch script only once the job has started.
  writeFileSync(
    join(root, 'python'),
    `#!/bin/sh\n[ "$1" = -c ] && exit 0\nsleep 300 &\ntouch '${root}/started'\nwait\n`,
  );
  chmodSync(join(root, 'python'), 0o755);
  mkdirSync(join(root, 'slime'));
  writeFileSync(join(root, 'slime', 'train.py'), '');
  return root;
}

const runSpec = (root: string) =>
  RunSpecSchema.parse({
    name: 'compat run',
    workdir: `${root}/slime`,
    python: `${root}/python`,
    tap: false,
    runsRoot: `${root}/runs`,
    ray: { mode: 'direct' },
    args: { '--rollout-batch-size': 2 },
  });
const serverSpec = (root: string) =>
  ServerSpecSchema.parse({
    name: 'compat server',
    modelPath: `${root}/model`,
    python: `${root}/python`,
    port: 30999,
    serversRoot: `${root}/servers`,
  });

interface Case {
  kind: JobKind;
  /** The script and the directory it makes for itself. */
  script: (root: string) => { text: string; dir: string };
  stop: typeof stopRun | typeof stopServer;
  discover: (root: string) => Promise<{ dir: string; state?: { state: string } | undefined }[]>;
  /** state.json while the job runs, byte for byte but for the numbers and times. */
  running: RegExp;
}

const fromFixture = (file: string, sub: string) => (root: string) => {
  const text = readFileSync(join(FIXTURES, file), 'utf8').replaceAll(PLACEHOLDER, root);
  const id = /^RS_(?:RUN_)?ID=(\S+)$/m.exec(text)?.[1] as string;
  return { text, dir: join(root, sub, id) };
};

const RUN_RUNNING =
  /^\{"state":"running","pid":\d+,"pgid":\d+,"rayHeadStartedByUs":false,"startedAt":"[0-9TZ:-]+","endedAt":null,"exitCode":null\}\n$/;
const SERVER_RUNNING =
  /^\{"state":"running","pid":\d+,"pgid":\d+,"startedAt":"[0-9TZ:-]+","endedAt":null,"exitCode":null\}\n$/;

const run = {
  kind: RUN_JOB,
  stop: stopRun,
  discover: async (root: string) => (await discoverRuns(target, `${root}/runs`)).runs,
  running: RUN_RUNNING,
};
const server = {
  kind: SERVER_JOB,
  stop: stopServer,
  discover: (root: string) => discoverServers(target, `${root}/servers`),
  running: SERVER_RUNNING,
};

/** The script the current code generates for the same job. */
const current =
  (sub: string, prepare: (root: string) => { input: { id: string }; script: string }) => (root: string) => {
    const p = prepare(root);
    return { text: p.script, dir: join(root, sub, p.input.id) };
  };

const CASES: [string, Case][] = [
  ['a run an older version launched', { ...run, script: fromFixture('run-launch.sh', 'runs') }],
  ['a run launched now', { ...run, script: current('runs', (r) => prepareLaunch(runSpec(r), '0')) }],
  ['a server an older version started', { ...server, script: fromFixture('server-launch.sh', 'servers') }],
  [
    'a server started now',
    { ...server, script: current('servers', (r) => prepareServer(serverSpec(r), '0')) },
  ],
];

async function start(c: Case): Promise<{ root: string; dir: string; pid: number; id: string }> {
  const root = box();
  const { text, dir } = c.script(root);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, JOB_FILES.launch), text, { mode: 0o755 });
  const { pid } = await target.startDetached(['bash', join(dir, JOB_FILES.launch)], {
    cwd: dir,
    logPath: join(dir, JOB_FILES.console),
  });
  await expect
    .poll(async () => (await readJobState(target, dir, c.kind))?.state, { timeout: 20_000 })
    .toBe('running');
  const id = (JSON.parse(readFileSync(join(dir, c.kind.record), 'utf8')) as { id: string }).id;
  return { root, dir, pid, id };
}

describe.each(CASES)('%s', (_, c) => {
  it('writes state.json in the same bytes, stops within its grace and is found exited', async () => {
    const { root, dir, id } = await start(c);
    expect(readFileSync(join(dir, JOB_FILES.state), 'utf8')).toMatch(c.running);
    const outcome = await c.stop(target, dir, { graceMs: 20_000 });
    expect(outcome.kind).toBe('stopped');
    expect(await readJobState(target, dir, c.kind)).toMatchObject({ state: 'exited', exitCode: 143 });
    // Nothing that carries the job's tag is left to kill.
    expect(await killTagged(target, c.kind.tag, id)).toEqual([]);
    expect(readFileSync(join(dir, JOB_FILES.console), 'utf8')).toMatch(
      new RegExp(`stop requested[\\s\\S]*${c.kind.noun} ${id} exited with code 143`),
    );
    expect((await c.discover(root)).find((j) => j.dir === dir)?.state?.state).toBe('exited');
  });

  it('with its launch script killed outright, Stop kills what carries its tag and records the end', async () => {
    const { root, dir, pid, id } = await start(c);
    // state.json says running just before the job starts: wait for the job itself.
    await expect.poll(() => existsSync(join(root, 'started')), { timeout: 20_000 }).toBe(true);
    process.kill(pid, 'SIGKILL');
    const outcome = await c.stop(target, dir, { graceMs: 2_000 });
    expect(outcome.kind).toBe('killed');
    if (outcome.kind === 'killed') expect(outcome.killed.length).toBeGreaterThan(0);
    expect(await readJobState(target, dir, c.kind)).toMatchObject({
      state: 'exited',
      exitCode: null,
      stoppedBy: 'rollout-studio',
    });
    expect(await killTagged(target, c.kind.tag, id)).toEqual([]);
  });
});
