import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { Server, utils, type AuthContext } from 'ssh2';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { SshConnectionPool } from '../../../src/remote/sshConnectionPool';
import { AuthFailedError } from '../../../src/remote/sshErrors';
import type { SecretQuestion, SshPrompts } from '../../../src/remote/sshPrompts';

// OpenSSH on Linux offers keyboard-interactive only through PAM, which a test cannot set up without
// touching the machine's accounts, so these paths run against ssh2's own server on loopback.

const hostKey = utils.generateKeyPairSync('ed25519');
let home: string;
let server: Server;
let port: number;
/** What the server does with each authentication request; set per test. */
let authenticate: (ctx: AuthContext) => void;
const seen: string[] = [];

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'rs-kbd-'));
  server = new Server({ hostKeys: [hostKey.private] }, (conn) => {
    conn.on('authentication', (ctx) => {
      seen.push(ctx.method);
      authenticate(ctx);
    });
    conn.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
  const hostPub = utils.parseKey(hostKey.public);
  if (hostPub instanceof Error) throw hostPub;
  await writeFile(
    join(home, 'known_hosts'),
    `[127.0.0.1]:${port} ssh-ed25519 ${hostPub.getPublicSSH().toString('base64')}\n`,
  );
  await writeFile(
    join(home, 'config'),
    `Host box\n  HostName 127.0.0.1\n  Port ${port}\n  User alice\n  IdentityFile ${join(home, 'none')}\n` +
      `  UserKnownHostsFile ${join(home, 'known_hosts')}\n  GlobalKnownHostsFile none\n`,
  );
});
afterAll(async () => {
  server?.close();
  await rm(home, { recursive: true, force: true });
});

function pool(answers: (string | undefined)[]): { pool: SshConnectionPool; questions: SecretQuestion[] } {
  const questions: SecretQuestion[] = [];
  const prompts: SshPrompts = {
    confirmHostKey: async () => false,
    passphrase: async () => undefined,
    secret: async (q) => {
      questions.push(q);
      return answers[questions.length - 1];
    },
  };
  const p = new SshConnectionPool({
    prompts,
    configFile: () => join(home, 'config'),
    local: { home, localUser: userInfo().username, env: {} },
  });
  return { pool: p, questions };
}

test('keyboard-interactive rounds go to the prompts with the server text, echo flag and instructions', async () => {
  seen.length = 0;
  authenticate = (ctx) => {
    if (ctx.method !== 'keyboard-interactive') return ctx.reject(['keyboard-interactive', 'password']);
    ctx.prompt(
      [
        { prompt: 'Password: ', echo: false },
        { prompt: 'Verification code: ', echo: true },
      ],
      'Login',
      'Two factors, please',
      (answers) => (answers[0] === 'pw' && answers[1] === '123456' ? ctx.accept() : ctx.reject()),
    );
  };
  const { pool: p, questions } = pool(['pw', '123456']);
  const target = await p.target('box');
  expect(questions).toEqual([
    {
      user: 'alice',
      host: '127.0.0.1',
      prompt: 'Password: ',
      echo: false,
      instructions: 'Two factors, please',
    },
    {
      user: 'alice',
      host: '127.0.0.1',
      prompt: 'Verification code: ',
      echo: true,
      instructions: 'Two factors, please',
    },
  ]);
  expect((await target.details()).authMethod).toBe('keyboard-interactive');
  // OpenSSH's order: "none" to learn the methods, then keyboard-interactive before password.
  expect(seen).toEqual(['none', 'keyboard-interactive']);
  await target.close();
});

test('password is asked up to three times, then authentication fails without asking again', async () => {
  seen.length = 0;
  authenticate = (ctx) => {
    if (ctx.method === 'password' && ctx.password === 'right') return ctx.accept();
    ctx.reject(['password']);
  };
  const { pool: p, questions } = pool(['wrong1', 'wrong2', 'wrong3', 'right']);
  const error = await p.target('box').catch((e: unknown) => e);
  expect(error).toBeInstanceOf(AuthFailedError);
  expect(questions.map((q) => q.prompt)).toEqual(Array(3).fill("alice@127.0.0.1's password: "));
  expect(seen).toEqual(['none', 'password', 'password', 'password']);
});

test('a person who cancels the password prompt ends authentication at once', async () => {
  authenticate = (ctx) => ctx.reject(['password']);
  const { pool: p, questions } = pool([undefined]);
  await expect(p.target('box')).rejects.toBeInstanceOf(AuthFailedError);
  expect(questions).toHaveLength(1);
});
