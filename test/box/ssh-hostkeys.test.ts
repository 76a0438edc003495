import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { HostKeyMismatchError, UnknownHostKeyError } from '../../src/remote/sshErrors';
import { generateKey } from './harness/keys';
import { clientHome, poolFor, ScriptedPrompts, type HostEntry } from './harness/sshBox';
import { Sshd } from './harness/sshd';

const run = promisify(execFile);
let sshd: Sshd;
let otherKey: string;
const homes: { remove(): Promise<void> }[] = [];

beforeAll(async () => {
  sshd = await Sshd.start();
  otherKey = (await generateKey(join(sshd.dir, 'other_host_key'))).publicKey;
});
afterAll(async () => {
  await Promise.all(homes.map((h) => h.remove()));
  await sshd?.stop();
});

async function home(entry: Omit<HostEntry, 'sshd'> = {}, trust = false) {
  const h = await clientHome({ box: { sshd, ...entry } }, { trust: trust ? [sshd] : [] });
  homes.push(h);
  return h;
}

/** The fingerprint as OpenSSH's own tool prints it, to compare ours against. */
async function opensshFingerprint(): Promise<string> {
  const { stdout } = await run('ssh-keygen', ['-lf', `${sshd.hostKey.path}.pub`]);
  return stdout.split(' ')[1] ?? '';
}

test('unknown host: the prompt shows the SHA256 fingerprint as ssh-keygen prints it; yes connects and appends', async () => {
  const h = await home();
  const prompts = new ScriptedPrompts({ hostKey: true });
  const target = await poolFor(h, prompts).target('box');
  expect(prompts.hostKeyQuestions).toEqual([
    {
      host: '127.0.0.1',
      port: sshd.port,
      keyType: 'ssh-ed25519',
      fingerprint: await opensshFingerprint(),
    },
  ]);
  expect((await target.details()).hostKey.status).toBe('accepted');
  await target.close();
  expect(await readFile(h.knownHostsPath, 'utf8')).toBe(`${sshd.knownHostsLine()}\n`);

  // The appended entry is what a second connection (and ssh itself) now trusts, without asking.
  const again = new ScriptedPrompts();
  const second = await poolFor(h, again).target('box');
  expect((await second.details()).hostKey).toMatchObject({
    status: 'known',
    file: h.knownHostsPath,
    line: 1,
  });
  expect(again.hostKeyQuestions).toHaveLength(0);
  await second.close();
  await run('ssh', [
    ...['-F', '/dev/null', '-o', `UserKnownHostsFile=${h.knownHostsPath}`, '-o', 'StrictHostKeyChecking=yes'],
    ...[
      '-o',
      'BatchMode=yes',
      '-i',
      sshd.userKeyPath,
      '-p',
      String(sshd.port),
      `${sshd.user}@127.0.0.1`,
      'true',
    ],
  ]);
});

test('unknown host: no refuses with UnknownHostKeyError and writes nothing', async () => {
  const h = await home();
  const prompts = new ScriptedPrompts({ hostKey: false });
  const error = await poolFor(h, prompts)
    .target('box')
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(UnknownHostKeyError);
  expect(error).toMatchObject({ fingerprint: await opensshFingerprint(), port: sshd.port });
  expect(prompts.hostKeyQuestions).toHaveLength(1);
  expect(await readFile(h.knownHostsPath, 'utf8')).toBe('');
});

test('time spent reading the fingerprint does not count against ConnectTimeout', async () => {
  const h = await home({ lines: ['ConnectTimeout 1'] });
  const slowYes = new ScriptedPrompts({ hostKey: true });
  const confirm = slowYes.confirmHostKey.bind(slowYes);
  slowYes.confirmHostKey = async (q) => {
    await new Promise((r) => setTimeout(r, 1500));
    return confirm(q);
  };
  const target = await poolFor(h, slowYes).target('box');
  expect((await target.details()).hostKey.status).toBe('accepted');
  await target.close();
});

test('StrictHostKeyChecking yes refuses an unknown host without asking', async () => {
  const h = await home({ lines: ['StrictHostKeyChecking yes'] });
  const prompts = new ScriptedPrompts({ hostKey: true });
  await expect(poolFor(h, prompts).target('box')).rejects.toBeInstanceOf(UnknownHostKeyError);
  expect(prompts.hostKeyQuestions).toHaveLength(0);
});

test('a changed key is refused with the known_hosts file and line, and the person is not asked', async () => {
  const h = await home();
  await writeFile(h.knownHostsPath, `# a comment\n[127.0.0.1]:${sshd.port} ${otherKey}\n`);
  const prompts = new ScriptedPrompts({ hostKey: true });
  const error = await poolFor(h, prompts)
    .target('box')
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(HostKeyMismatchError);
  expect(error).toMatchObject({ file: h.knownHostsPath, line: 2, revoked: false });
  expect((error as Error).message).toContain(`${h.knownHostsPath}:2`);
  expect(prompts.hostKeyQuestions).toHaveLength(0);
});

test('a @revoked key is refused even when another line trusts it', async () => {
  const h = await home();
  await writeFile(h.knownHostsPath, `${sshd.knownHostsLine()}\n@revoked * ${sshd.hostPublicKey}\n`);
  const error = await poolFor(h, new ScriptedPrompts({ hostKey: true }))
    .target('box')
    .catch((e: unknown) => e);
  expect(error).toMatchObject({ name: 'HostKeyMismatchError', revoked: true, line: 2 });
});

test('entries hashed by ssh-keygen -H are matched', async () => {
  const h = await home();
  await writeFile(h.knownHostsPath, `${sshd.knownHostsLine()}\n`);
  await run('ssh-keygen', ['-H', '-f', h.knownHostsPath]);
  expect(await readFile(h.knownHostsPath, 'utf8')).toMatch(/^\|1\|/);
  const prompts = new ScriptedPrompts();
  const target = await poolFor(h, prompts).target('box');
  expect((await target.details()).hostKey.status).toBe('known');
  expect(prompts.hostKeyQuestions).toHaveLength(0);
  await target.close();
});

test('HashKnownHosts yes appends a hashed entry that ssh-keygen -F finds', async () => {
  const h = await home({ lines: ['HashKnownHosts yes'] });
  const target = await poolFor(h, new ScriptedPrompts({ hostKey: true })).target('box');
  await target.close();
  expect(await readFile(h.knownHostsPath, 'utf8')).toMatch(/^\|1\|[^|]+\|[^ ]+ ssh-ed25519 /);
  const { stdout } = await run('ssh-keygen', ['-F', `[127.0.0.1]:${sshd.port}`, '-f', h.knownHostsPath]);
  expect(stdout).toContain('ssh-ed25519');
});

test('the key may be in any of several known_hosts files; new entries go to the first', async () => {
  const h = await home();
  const second = join(h.home, 'second_known_hosts');
  await writeFile(second, `other.example ${otherKey}\n${sshd.knownHostsLine()}\n`);
  const h2 = await home({ lines: [`UserKnownHostsFile ${h.knownHostsPath} ${second}`] });
  const target = await poolFor(h2, new ScriptedPrompts()).target('box');
  expect((await target.details()).hostKey).toMatchObject({ status: 'known', file: second, line: 2 });
  await target.close();
});
