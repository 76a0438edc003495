import { createServer, get, type Server } from 'node:http';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { ConnectionState } from '../../src/remote/sshConnection';
import type { SshConnectionPool } from '../../src/remote/sshConnectionPool';
import { AuthFailedError, ConnectionLostError } from '../../src/remote/sshErrors';
import type { SshTarget } from '../../src/remote/sshTarget';
import { clientHome, poolFor, ScriptedPrompts, type ClientHome } from './harness/sshBox';
import { Sshd } from './harness/sshd';

// Short backoff so the suite stays quick; the policy's shape is what is under test, not its numbers.
const FAST = { initialDelayMs: 50, maxDelayMs: 400, maxAttempts: 6 };
let sshd: Sshd;
let http: Server;
let httpPort: number;
let client: ClientHome;
let pool: SshConnectionPool;
let target: SshTarget;

beforeAll(async () => {
  sshd = await Sshd.start();
  // Stands in for a server on the box (SGLang, Ray dashboard) that the extension reaches by a forward.
  http = createServer((req, res) => res.end(`hello ${req.url}`));
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  httpPort = (http.address() as { port: number }).port;
  client = await clientHome({ box: { sshd } }, { trust: [sshd] });
  pool = poolFor(client, new ScriptedPrompts(), { reconnect: FAST });
  target = await pool.target('box');
});
afterAll(async () => {
  await target?.close();
  http?.close();
  await client?.remove();
  await sshd?.stop();
});

/** One HTTP GET on a fresh socket (no keep-alive pool that would hide a dead forward). */
function fetchOnce(port: number, path: string, host = '127.0.0.1'): Promise<string> {
  return new Promise((resolve, reject) => {
    get({ host, port, path, agent: false }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve(body));
    }).on('error', reject);
  });
}

function nextReconnect(t: SshTarget): Promise<void> {
  return new Promise((resolve) => {
    const off = t.onReconnect(() => {
      off();
      resolve();
    });
  });
}

test('a forward listens on 127.0.0.1 only and carries HTTP to the server on the box', async () => {
  const forward = await target.forwardPort('127.0.0.1', httpPort);
  expect(forward.host).toBe('127.0.0.1');
  expect(forward.port).not.toBe(httpPort);
  expect(await fetchOnce(forward.port, '/health')).toBe('hello /health');
  // A wildcard listener would answer on 127.0.0.2 as well; one bound to 127.0.0.1 refuses it.
  await expect(fetchOnce(forward.port, '/', '127.0.0.2')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  await forward.close();
});

test('after the server side drops the connection, it reconnects; exec, followers and forwards carry on', async () => {
  const forward = await target.forwardPort('127.0.0.1', httpPort);
  const running = target.exec(['sleep', '20']).catch((e: unknown) => e);
  await new Promise((r) => setTimeout(r, 200));
  const reconnected = nextReconnect(target);
  await sshd.killConnections();

  expect(await running).toBeInstanceOf(ConnectionLostError);
  await reconnected;
  expect((await target.exec(['echo', 'back'])).stdout.toString()).toBe('back\n');
  expect(await fetchOnce(forward.port, '/after')).toBe('hello /after');
  await forward.close();
});

test('an abortable command (a follower) stops on the box when its connection drops', async () => {
  const file = join(sshd.dir, 'followed.log');
  await writeFile(file, 'line\n');
  const tails = async () =>
    (await target.exec(['sh', '-c', `pgrep -f '^tail -[f] ${file}' || true`])).stdout.toString().trim();
  let first!: () => void;
  const streaming = new Promise<void>((resolve) => (first = resolve));
  const follow = target
    .exec(['tail', '-f', file], { signal: new AbortController().signal, onStdout: () => first() })
    .catch((e: unknown) => e);
  await streaming;
  expect(await tails()).toMatch(/^\d+$/);
  const reconnected = nextReconnect(target);
  await sshd.killConnections();
  expect(await follow).toBeInstanceOf(ConnectionLostError);
  await reconnected;
  await expect.poll(tails, { timeout: 5000 }).toBe('');
});

test('it also comes back when the whole server restarts', async () => {
  const reconnected = nextReconnect(target);
  await sshd.restart();
  await reconnected;
  expect((await target.exec(['true'])).code).toBe(0);
});

test('a detached process keeps running through the disconnect', async () => {
  const out = join(sshd.dir, 'ticks.log');
  const { pid } = await target.startDetached(['sh', '-c', 'while :; do echo tick; sleep 0.1; done'], {
    cwd: sshd.dir,
    logPath: 'ticks.log',
  });
  try {
    const reconnected = nextReconnect(target);
    await sshd.killConnections();
    await reconnected;
    const before = (await readFile(out, 'utf8')).length;
    await new Promise((r) => setTimeout(r, 300));
    expect((await readFile(out, 'utf8')).length).toBeGreaterThan(before);
    // Its own session and process group, so "stop only what we started" can target exactly it.
    const ids = await target.exec(['ps', '-o', 'sid=,pgid=', '-p', String(pid)]);
    expect(ids.stdout.toString().trim().split(/\s+/)).toEqual([String(pid), String(pid)]);
  } finally {
    await target.exec(['kill', '--', `-${pid}`]);
  }
});

test('an authentication failure on reconnect stops the retries until the person retries', async () => {
  const states: ConnectionState[] = [];
  const failed = new Promise<Error | undefined>((resolve) =>
    target.onStateChange((state, error) => {
      states.push(state);
      if (state === 'failed') resolve(error);
    }),
  );
  await sshd.setAuthorizedKeys([]);
  await sshd.killConnections();
  expect(await failed).toBeInstanceOf(AuthFailedError);
  await new Promise((r) => setTimeout(r, 600));
  expect(states).toEqual(['reconnecting', 'failed']);
  await expect(target.exec(['true'])).rejects.toBeInstanceOf(AuthFailedError);

  // Retry is asking the pool again: the shared connection tries once more, for every holder.
  await sshd.setAuthorizedKeys([sshd.userKey.publicKey]);
  const retried = await pool.target('box');
  expect((await target.exec(['true'])).code).toBe(0);
  expect(states.slice(2)).toEqual(['connecting', 'ready']);
  await retried.close();
});
