import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { AuthFailedError } from '../../src/remote/sshErrors';
import { generateKey, type KeyPair } from './harness/keys';
import { clientHome, poolFor, ScriptedPrompts } from './harness/sshBox';
import { Sshd } from './harness/sshd';

const run = promisify(execFile);
let sshd: Sshd;
let encrypted: KeyPair;
const homes: { remove(): Promise<void> }[] = [];

beforeAll(async () => {
  sshd = await Sshd.start();
  encrypted = await generateKey(join(sshd.dir, 'id_encrypted'), { passphrase: 'correct horse' });
  await sshd.authorizeKey(encrypted.publicKey);
});
afterAll(async () => {
  await Promise.all(homes.map((h) => h.remove()));
  await sshd?.stop();
});

async function home(lines: string[]) {
  const h = await clientHome({ box: { sshd, lines, userKey: false } }, { trust: [sshd] });
  homes.push(h);
  return h;
}

test('an encrypted key asks for its passphrase, again after a wrong one, then logs in', async () => {
  const h = await home([`IdentityFile ${encrypted.path}`]);
  const accepted: string[] = [];
  const prompts = new ScriptedPrompts({ passphrases: ['wrong', 'correct horse'] });
  prompts.passphraseAccepted = (path) => accepted.push(path);
  const target = await poolFor(h, prompts).target('box');
  expect(prompts.passphraseQuestions).toEqual([
    { keyPath: encrypted.path, attempt: 1 },
    { keyPath: encrypted.path, attempt: 2 },
  ]);
  expect(accepted).toEqual([encrypted.path]);
  expect((await target.details()).authMethod).toBe(`publickey ${encrypted.path}`);
  await target.close();
});

test('declining the passphrase skips the key and ends in AuthFailedError naming what was tried', async () => {
  const h = await home([`IdentityFile ${encrypted.path}`]);
  const error = await poolFor(h, new ScriptedPrompts())
    .target('box')
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(AuthFailedError);
  expect(error).toMatchObject({ user: sshd.user, port: sshd.port });
  expect((error as Error).message).toContain('ssh-add -l');
});

test('a key the server does not accept fails with AuthFailedError listing the key', async () => {
  const stranger = await generateKey(join(sshd.dir, 'id_stranger'));
  const h = await home([`IdentityFile ${stranger.path}`]);
  const error = await poolFor(h, new ScriptedPrompts())
    .target('box')
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(AuthFailedError);
  expect((error as AuthFailedError).tried).toEqual(['none', `publickey ${stranger.path}`]);
});

test('a real ssh-agent comes first, and IdentitiesOnly limits it to the named keys', async () => {
  const socket = join(sshd.dir, 'agent.sock');
  const agent: ChildProcess = spawn('ssh-agent', ['-D', '-a', socket], { stdio: 'ignore' });
  try {
    await waitFor(
      async () =>
        (await run('ssh-add', ['-l'], { env: { SSH_AUTH_SOCK: socket } }).catch((e) => e)).code !== 2,
    );
    await run('ssh-add', [sshd.userKeyPath], { env: { SSH_AUTH_SOCK: socket } });

    // No IdentityFile at all: the agent's key logs in without a single prompt.
    const h = await home([]);
    const prompts = new ScriptedPrompts();
    const target = await poolFor(h, prompts, { agentSocket: socket }).target('box');
    expect((await target.details()).authMethod).toBe('agent');
    expect(prompts.passphraseQuestions).toHaveLength(0);
    await target.close();

    // IdentitiesOnly naming another key: the agent may not offer its key, so login fails.
    const other = await generateKey(join(sshd.dir, 'id_other'));
    const only = await home([`IdentityFile ${other.path}`, 'IdentitiesOnly yes']);
    const error = await poolFor(only, new ScriptedPrompts(), { agentSocket: socket })
      .target('box')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthFailedError);
    expect((error as AuthFailedError).tried).toEqual(['none', 'agent', `publickey ${other.path}`]);
  } finally {
    agent.kill();
  }
});

async function waitFor(ok: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 100 && !(await ok()); i++) await new Promise((r) => setTimeout(r, 50));
}
