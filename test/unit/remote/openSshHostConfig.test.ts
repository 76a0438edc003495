import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { homedir, tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { openSshHostConfig } from '../../../src/remote/openSshHostConfig';
import { loadSshConfig } from '../../../src/remote/sshConfigFile';
import { resolveHostConfig, type LocalContext } from '../../../src/remote/sshHostConfig';
import { hostResolver } from '../../../src/remote/sshHostResolver';

// The real OpenSSH client of this machine answers (ssh -G); the parser's answer is compared with it
// where both can answer, and told apart where only OpenSSH can (Match exec, Match user on the final user).

let dir: string;
// ssh(1) expands `~` and %d from the account's own home, so the parser gets the same.
const local: LocalContext = { home: homedir(), localUser: userInfo().username, env: process.env };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rs-ssh-g-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function config(name: string, lines: string[]): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, `${lines.join('\n')}\n`);
  return path;
}

async function parser(path: string, box: string) {
  return resolveHostConfig(
    await loadSshConfig([{ path, includeBase: join(local.home, '.ssh') }], local.home),
    box,
    local,
  );
}

/** What ssh -G says for the box, once the parser is seen to say the same. */
async function bothSay(path: string, box: string) {
  const openSsh = await openSshHostConfig(box, path, local);
  expect(await parser(path, box)).toEqual(openSsh);
  return openSsh;
}

test('ssh -G and the parser agree on Host blocks, first value wins and % tokens', async () => {
  const path = await config('agree', [
    'Host gpu-*',
    '  HostName %h.cluster.internal',
    '  User trainer',
    '  IdentityFile ~/.ssh/id_%r_%h_%p',
    '  IdentityFile /keys/%n/%u',
    '  IdentitiesOnly yes',
    '  ProxyJump bastion,ops@inner:2222',
    '  ServerAliveInterval 30',
    '  ConnectTimeout 7',
    '  UserKnownHostsFile ~/.ssh/kh_%n /tmp/kh_%h',
    '  GlobalKnownHostsFile none',
    '  HashKnownHosts yes',
    '  StrictHostKeyChecking yes',
    '  PreferredAuthentications publickey,password',
    '  IdentityAgent /run/agent/%r.sock',
    'Host !gpu-9 gpu-?',
    '  Port 2200',
    'Host *',
    '  User ignored-because-first-wins',
  ]);
  expect(await bothSay(path, 'gpu-1')).toEqual({
    alias: 'gpu-1',
    hostName: 'gpu-1.cluster.internal',
    port: 2200,
    user: 'trainer',
    identityFiles: [
      join(local.home, '.ssh/id_trainer_gpu-1.cluster.internal_2200'),
      `/keys/gpu-1/${local.localUser}`,
    ],
    identitiesOnly: true,
    identityAgent: '/run/agent/trainer.sock',
    proxyJump: ['bastion', 'ops@inner:2222'],
    proxyCommand: undefined,
    serverAliveIntervalMs: 30_000,
    serverAliveCountMax: 3,
    connectTimeoutMs: 7_000,
    userKnownHostsFiles: [join(local.home, '.ssh/kh_gpu-1'), '/tmp/kh_gpu-1.cluster.internal'],
    globalKnownHostsFiles: [],
    hashKnownHosts: true,
    strictHostKeyChecking: 'yes',
    preferredAuthentications: ['publickey', 'password'],
  });
  // user@host:port on the command line wins over the config, for both.
  expect(await bothSay(path, 'me@gpu-9:2022')).toMatchObject({
    user: 'me',
    port: 2022,
    hostName: 'gpu-9.cluster.internal',
  });
});

test('ssh -G and the parser agree on a key file name with a space and flags written true', async () => {
  const path = await config('spelling', [
    'Host gpu',
    '  IdentityFile "~/.ssh/team keys/id_%h"',
    '  IdentitiesOnly true',
    '  HashKnownHosts true',
    '  StrictHostKeyChecking true',
  ]);
  expect(await bothSay(path, 'gpu')).toMatchObject({
    identityFiles: [join(local.home, '.ssh/team keys/id_gpu')],
    identitiesOnly: true,
    hashKnownHosts: true,
    strictHostKeyChecking: 'yes',
  });
});

test('Match blocks resolve as OpenSSH resolves them, where the parser cannot follow', async () => {
  const path = await config('match', [
    // Match exec runs a command: only ssh(1) can answer it.
    'Match host gpu-* exec "test %n = gpu-2"',
    '  Port 2202',
    'Host gpu-*',
    '  HostName %h.cluster.internal',
    // Match user sees the user of the command line (first pass), not a later User line.
    'Match user alice',
    '  IdentityFile ~/.ssh/alice_%h',
    'Host *',
    '  ProxyCommand nc %h %p',
  ]);
  const second = await openSshHostConfig('gpu-2', path, local);
  expect(second).toMatchObject({
    hostName: 'gpu-2.cluster.internal',
    port: 2202,
    // ssh -G prints ProxyCommand as written: its tokens are expanded when it runs (proxyCommand.ts).
    proxyCommand: 'nc %h %p',
  });
  expect((await openSshHostConfig('gpu-1', path, local))?.port).toBe(22);
  expect((await parser(path, 'gpu-2')).port).toBe(22);
  const alice = await openSshHostConfig('alice@gpu-1', path, local);
  expect(alice?.identityFiles).toEqual([join(local.home, '.ssh/alice_gpu-1.cluster.internal')]);
  expect(alice).toEqual({ ...(await parser(path, 'alice@gpu-1')), identityFiles: alice?.identityFiles });
});

test('a config ssh(1) refuses is refused with its own words, naming the file and line', async () => {
  const path = await config('bad', ['Host gpu', '  NoSuchOption yes']);
  await expect(openSshHostConfig('gpu', path, local)).rejects.toThrow(
    new RegExp(`ssh -G gpu refused the config: .*${path}.*line 2`),
  );
});

test('a host name that would become an option or shell syntax never reaches ssh', async () => {
  await expect(openSshHostConfig('-oProxyCommand=touch', undefined, local)).rejects.toThrow(
    'hostname contains invalid characters',
  );
});

test('the command line holds the host, user, port and config file only, the host after --', async () => {
  // A stand-in ssh that records its argv and prints what ssh -G prints for a bare host.
  const argvFile = join(dir, 'argv');
  const fake = join(dir, 'fake-ssh');
  await writeFile(
    fake,
    `#!/bin/sh\nprintf '%s\\n' "$@" > ${argvFile}\nprintf 'user u\\nhostname h\\nport 2222\\n'\n`,
  );
  await chmod(fake, 0o755);
  const host = await openSshHostConfig('alice@gpu-1:2222', '/etc/cfg', local, fake);
  expect((await readFile(argvFile, 'utf8')).trim().split('\n')).toEqual([
    '-G',
    '-F',
    '/etc/cfg',
    '-l',
    'alice',
    '-p',
    '2222',
    '--',
    'gpu-1',
  ]);
  expect(host).toMatchObject({ hostName: 'h', port: 2222, user: 'u', identityFiles: [] });
});

test('without an OpenSSH client the parser answers', async () => {
  const path = await config('fallback', ['Match exec "true"', '  Port 2202', 'Host gpu', '  Port 2200']);
  expect(await openSshHostConfig('gpu', path, local, join(dir, 'no-such-ssh'))).toBeUndefined();
  expect((await hostResolver(path, local, join(dir, 'no-such-ssh'))('gpu')).port).toBe(2200);
  expect((await hostResolver(path, local)('gpu')).port).toBe(2202);
});

test("with HOME elsewhere than the account's home, ~/.ssh/config is read from HOME by the parser", async () => {
  // ssh(1) would read the passwd home's config instead; the hosts offered come from HOME's.
  const home = join(dir, 'other-home');
  await mkdir(join(home, '.ssh'), { recursive: true });
  await writeFile(join(home, '.ssh', 'config'), 'Match exec "true"\n  Port 2202\nHost gpu\n  Port 2200\n');
  const elsewhere: LocalContext = { ...local, home };
  expect((await hostResolver(undefined, elsewhere)('gpu')).port).toBe(2200);
});
