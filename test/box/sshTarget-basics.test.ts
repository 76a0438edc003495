import { afterAll, beforeAll, expect, test } from 'vitest';
import type { SshConnectionPool } from '../../src/remote/sshConnectionPool';
import type { SshTarget } from '../../src/remote/sshTarget';
import { clientHome, poolFor, ScriptedPrompts, type ClientHome } from './harness/sshBox';
import { Sshd } from './harness/sshd';

let sshd: Sshd;
let client: ClientHome;
let pool: SshConnectionPool;
let target: SshTarget;

beforeAll(async () => {
  sshd = await Sshd.start();
  client = await clientHome({ box: { sshd } }, { trust: [sshd] });
  pool = poolFor(client, new ScriptedPrompts());
  target = await pool.target('box');
});
afterAll(async () => {
  await target?.close();
  await client?.remove();
  await sshd?.stop();
});

test('key auth against a known host reports both', async () => {
  const details = await target.details();
  expect(details.hostKey.status).toBe('known');
  expect(details.authMethod).toBe(`publickey ${sshd.userKeyPath}`);
});

test('exec returns stdout, stderr and the exit status', async () => {
  const result = await target.exec(['sh', '-c', 'echo out; echo err >&2; exit 3']);
  expect(result.code).toBe(3);
  expect(result.stdout.toString()).toBe('out\n');
  expect(result.stderr.toString()).toBe('err\n');
});
