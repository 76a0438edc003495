import { appendFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { SshConnectionPool } from '../../src/remote/sshConnectionPool';
import { CommandTimeoutError, UnreachableError } from '../../src/remote/sshErrors';
import type { SshTarget } from '../../src/remote/sshTarget';
import { clientHome, poolFor, ScriptedPrompts, type ClientHome } from './harness/sshBox';
import { Sshd } from './harness/sshd';

let sshd: Sshd;
let silent: Server;
let client: ClientHome;
let pool: SshConnectionPool;
let target: SshTarget;

beforeAll(async () => {
  sshd = await Sshd.start();
  // Accepts TCP and never says a word: what a hung box or a black-holed port looks like.
  silent = createServer(() => {});
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const silentPort = (silent.address() as { port: number }).port;
  client = await clientHome(
    {
      box: { sshd },
      silent: { sshd, lines: [`Port ${silentPort}`, 'ConnectTimeout 1'] },
      refused: { sshd, lines: ['Port 1'] },
      nowhere: { sshd, lines: ['HostName no-such-box.invalid', 'ConnectTimeout 5'] },
    },
    { trust: [sshd] },
  );
  pool = poolFor(client, new ScriptedPrompts());
  target = await pool.target('box');
});
afterAll(async () => {
  await target?.close();
  silent?.close();
  await client?.remove();
  await sshd?.stop();
});

test('stdin reaches the command and both output streams come back apart', async () => {
  const result = await target.exec(['sh', '-c', 'cat; echo to-stderr >&2'], { stdin: 'from stdin' });
  expect(result).toMatchObject({ code: 0, signal: null });
  expect(result.stdout.toString()).toBe('from stdin');
  expect(result.stderr.toString()).toBe('to-stderr\n');
});

test('a command killed by a signal reports the signal like LocalTarget does', async () => {
  const result = await target.exec(['sh', '-c', 'kill -TERM $$']);
  expect(result).toMatchObject({ code: null, signal: 'SIGTERM' });
});

test('100 MB of stdout streams through onStdout in chunks', async () => {
  let bytes = 0;
  let chunks = 0;
  const result = await target.exec(['head', '-c', String(100 * 1024 * 1024), '/dev/zero'], {
    onStdout: (chunk) => {
      bytes += chunk.length;
      chunks++;
    },
  });
  expect(result.code).toBe(0);
  expect(bytes).toBe(100 * 1024 * 1024);
  expect(chunks).toBeGreaterThan(100);
  expect(result.stdout.length).toBe(0);
});

test('a command past its timeout is rejected on time and killed on the box', async () => {
  let pid = '';
  const started = Date.now();
  const error = await target
    .exec(['sh', '-c', 'echo $$; exec sleep 30'], { timeoutMs: 500, onStdout: (c) => (pid += c.toString()) })
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(CommandTimeoutError);
  expect(Date.now() - started).toBeLessThan(2000);
  await expect
    .poll(async () => (await target.exec(['kill', '-0', pid.trim()])).code, { timeout: 5000 })
    .not.toBe(0);
});

/** Pids of the `tail` itself (anchored: the wrapper shell and this pgrep's shell carry the same words). */
async function tails(file: string): Promise<string> {
  const r = await target.exec(['sh', '-c', `pgrep -f '^tail -c [+]1 -f ${file}' || true`]);
  return r.stdout.toString().trim();
}

test('an aborted follower (tail -f) resolves with what it streamed and stops on the box', async () => {
  const file = join(sshd.dir, 'follow.jsonl');
  await writeFile(file, '{"n":1}\n');
  const abort = new AbortController();
  let streamed = '';
  let runningWhileFollowing = '';
  const result = target.exec(['tail', '-c', '+1', '-f', file], {
    signal: abort.signal,
    onStdout: (c) => {
      streamed += c.toString();
      if (streamed === '{"n":1}\n') {
        void tails(file).then(async (pids) => {
          runningWhileFollowing = pids;
          await appendFile(file, '{"n":2}\n');
        });
      }
      if (streamed.endsWith('{"n":2}\n')) abort.abort();
    },
  });
  expect(await result).toMatchObject({ code: null, signal: 'SIGTERM' });
  expect(streamed).toBe('{"n":1}\n{"n":2}\n');
  expect(runningWhileFollowing).toMatch(/^\d+$/);
  expect(await tails(file)).toBe('');
});

test('a signal already aborted runs nothing', async () => {
  const result = await target.exec(['touch', join(sshd.dir, 'never')], { signal: AbortSignal.abort() });
  expect(result.code).toBeNull();
  expect(await target.stat(join(sshd.dir, 'never'))).toBeUndefined();
});

test('a port that accepts but never speaks SSH fails as a timeout within ConnectTimeout', async () => {
  const started = Date.now();
  const error = await pool.target('silent').catch((e: unknown) => e);
  expect(error).toBeInstanceOf(UnreachableError);
  expect(error).toMatchObject({ reason: 'timeout' });
  expect(Date.now() - started).toBeLessThan(3000);
});

test('a closed port is reported as refused', async () => {
  await expect(pool.target('refused')).rejects.toMatchObject({
    name: 'UnreachableError',
    reason: 'refused',
    port: 1,
  });
});

test('a host name that does not resolve is reported as DNS, not as a timeout', async () => {
  const error = await pool.target('nowhere').catch((e: unknown) => e);
  expect(error).toMatchObject({ name: 'UnreachableError', reason: 'dns', host: 'no-such-box.invalid' });
  expect((error as Error).message).toContain('does not resolve');
});
