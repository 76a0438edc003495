import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import type { Server } from 'node:net';
import { join } from 'node:path';
import { freePort } from '../../scripts/lib/codeServer.mjs';
import { beforeAll, expect, test } from 'vitest';
import { discoverServers } from '../../src/remote/servers/discoverServers';
import { PortInUseError, launchServer, prepareServer } from '../../src/remote/servers/launchServer';
import { readServerRecord } from '../../src/remote/servers/discoverServers';
import { ServerSpecSchema } from '../../src/remote/servers/serverSpec';
import type { ServerSpecInput } from '../../src/remote/servers/serverSpec';
import { ServerWatch } from '../../src/remote/servers/serverWatch';
import type { ServerSnapshot } from '../../src/remote/servers/serverWatch';
import { stopServer } from '../../src/remote/servers/stopServer';
import type { SshTarget } from '../../src/remote/sshTarget';
import { useSglangBox } from './harness/sglangBox';
import type { Sshd } from './harness/sshd';

const box = useSglangBox('rs-servers-box-');
let sshd: Sshd;
let target: SshTarget;
let root: string;
beforeAll(() => {
  ({ sshd, target, dir: root } = box());
});
const hold = (port: number) =>
  new Promise<Server>((res, rej) => {
    const s = createServer().once('error', rej);
    s.listen(port, '127.0.0.1', () => res(s));
  });
const alive = (pid: number) => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
};

const spec = async (over: Partial<ServerSpecInput> = {}) =>
  ServerSpecSchema.parse({
    name: 'policy',
    modelPath: '/models/Qwen3-4B',
    port: await freePort(),
    toolCallParser: 'qwen25',
    reasoningParser: 'qwen3',
    serversRoot: join(root, 'servers'),
    ...over,
  });

/** Launches and watches until the snapshot passes `done`; returns it and the launch. */
async function watchUntil(
  s: Awaited<ReturnType<typeof spec>>,
  done: (x: ServerSnapshot) => boolean,
  afterLaunch?: () => Promise<unknown>,
) {
  const launched = await launchServer(target, prepareServer(s, '0.0.0-test'));
  const record = await readServerRecord(target, launched.dir);
  await afterLaunch?.();
  let watch: ServerWatch | undefined;
  const snapshot = await new Promise<ServerSnapshot>((res, rej) => {
    const t = setTimeout(
      () => rej(new Error(`timed out; last ${JSON.stringify(watch?.snapshot())}`)),
      30_000,
    );
    watch = new ServerWatch(
      target,
      launched.dir,
      record,
      (x) => {
        if (done(x)) {
          clearTimeout(t);
          res(x);
        }
      },
      250,
    );
    watch.start();
    // As while the Servers view shows it: polled past ready, for its load and its end.
    watch.want('servers view', true);
  });
  return { launched, snapshot, watch: watch as ServerWatch };
}

test('a server becomes ready across a dropped connection, reports the parsers it runs with, is rediscovered, and stop ends only its processes', async () => {
  const unrelated = spawn('python3', ['-c', 'import time; time.sleep(120)'], {
    detached: true,
    stdio: 'ignore',
  });
  unrelated.unref();
  try {
    const s = await spec();
    // The connection drops while the server loads; the watch picks up where it was.
    const { launched, snapshot, watch } = await watchUntil(
      s,
      (x) => x.status === 'ready' && x.info !== undefined,
      () => sshd.killConnections(),
    );
    expect(snapshot.info).toMatchObject({ toolCallParser: 'qwen25', reasoningParser: 'qwen3', tpSize: 1 });
    expect(snapshot.state?.state).toBe('running');
    // /v1/models answers through the same forward the viewer's replay uses.
    const models = (await (await fetch(`${snapshot.baseUrl}/v1/models`)).json()) as {
      data: { id: string }[];
    };
    expect(models.data[0]?.id).toBe('/models/Qwen3-4B');
    const record = JSON.parse(await readFile(join(launched.dir, 'server.json'), 'utf8')) as {
      argv: string[];
    };
    expect(record.argv.join(' ')).toContain(
      '--log-requests --log-requests-level 3 --log-requests-format json',
    );
    const consoleLog = await readFile(join(launched.dir, 'console.log'), 'utf8');
    expect(consoleLog).toContain('The server is fired up and ready to roll!');

    const found = await discoverServers(target, join(root, 'servers'));
    expect(found.find((f) => f.record.id === launched.serverId)?.state?.state).toBe('running');

    const scheduler = Number(await readFile(join(launched.dir, 'standin-scheduler.pid'), 'utf8'));
    expect(alive(scheduler)).toBe(true);
    const outcome = await stopServer(target, launched.dir, { graceMs: 20_000 });
    expect(outcome.kind).toBe('stopped');
    await expect.poll(() => watch.snapshot().status, { timeout: 10_000 }).toBe('stopped');
    expect(alive(launched.pid)).toBe(false);
    expect(alive(scheduler)).toBe(false);
    expect(alive(unrelated.pid as number)).toBe(true);
    await watch.dispose();
  } finally {
    process.kill(unrelated.pid as number, 'SIGKILL');
  }
});

test('a busy port is refused before launch', async () => {
  const port = await freePort();
  const holder = await hold(port);
  try {
    await expect(
      launchServer(target, prepareServer(await spec({ port }), '0.0.0-test')),
    ).rejects.toBeInstanceOf(PortInUseError);
  } finally {
    holder.close();
  }
});

test('the first failed report already names the cause from the log: CUDA OOM, KV cache, a port taken while loading, a bad argument', async () => {
  const taken = await freePort();
  let holder: Server | undefined;
  const cases = await Promise.all([
    watchUntil(await spec({ modelPath: '/models/huge-235B' }), (x) => x.status === 'failed'),
    watchUntil(await spec({ memFractionStatic: 0.1 }), (x) => x.status === 'failed'),
    // SGLang binds its port only after loading, so a port taken after the pre-check fails late.
    watchUntil(
      await spec({ port: taken }),
      (x) => x.status === 'failed',
      async () => (holder = await hold(taken)),
    ),
    watchUntil(await spec({ toolCallParser: 'qwen2.5' }), (x) => x.status === 'failed'),
  ]);
  holder?.close();
  expect(cases.map((c) => c.snapshot.failureCode)).toEqual([
    'cuda-oom',
    'kv-cache-memory',
    'port-in-use',
    'bad-argument',
  ]);
  expect(cases[3]?.snapshot.state?.exitCode).toBe(2);
  expect(cases[0]?.snapshot.failure).toContain('CUDA out of memory');
  await Promise.all(cases.map((c) => c.watch.dispose()));
});
