import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { isAbort } from '../../src/core/work/slicedWork';
import { clientHome, poolFor, ScriptedPrompts, type ClientHome } from './harness/sshBox';
import { Sshd } from './harness/sshd';

// A box that accepts the TCP connection and never says a word: the handshake waits for its ConnectTimeout.
let silent: Server;
let silentPort: number;
const sockets: Socket[] = [];
let sshd: Sshd;
let client: ClientHome;

beforeAll(async () => {
  silent = createServer((socket) => void sockets.push(socket));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  silentPort = (silent.address() as { port: number }).port;
  sshd = await Sshd.start();
  client = await clientHome(
    // ssh_config's first value wins: the silent server's port, and an hour, so only the cancel ends the wait.
    { silent: { sshd, lines: [`Port ${silentPort}`, 'ConnectTimeout 3600'] }, box: { sshd } },
    { trust: [sshd] },
  );
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  silent?.close();
  await client?.remove();
  await sshd?.stop();
});

test('connecting to a box that never answers is given up when the person cancels, and can be tried again', async () => {
  const pool = poolFor(client, new ScriptedPrompts());

  for (let attempt = 0; attempt < 2; attempt++) {
    const abort = new AbortController();
    const pending = pool.target('silent', abort.signal);
    // The client got as far as the TCP connection: it is waiting for the box's banner.
    await expect.poll(() => sockets.length).toBeGreaterThan(attempt);
    abort.abort();
    // The cancel, not a timeout or a closed connection left from the attempt before.
    const error = await pending.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isAbort(error)).toBe(true);
  }

  // The pool is still good for other boxes.
  const box = await pool.target('box');
  expect((await box.exec(['echo', 'ok'])).stdout.toString().trim()).toBe('ok');
  await box.close();
  pool.closeAll();
});
