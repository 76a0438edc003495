import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { DOCTOR_EXIT, runDoctorCommand } from '../../../src/cli/doctor';
import { spawnProxyCommand } from '../../../src/remote/proxyCommand';
import { validHostName, validUserName } from '../../../src/remote/sshHostConfig';

// A box name is typed by a person or read from a settings file; it reaches `%h` in a ProxyCommand,
// which /bin/sh runs. Names are checked as ssh(1) checks them (OpenSSH misc.c valid_hostname and
// valid_ruser) and the tokens are quoted as shell words.

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rs-host-names-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function doctor(box: string, proxyCommand: string) {
  const config = join(dir, 'config');
  await writeFile(config, `Host *\n  ProxyCommand ${proxyCommand}\n  ConnectTimeout 5\n`);
  const err: string[] = [];
  const code = await runDoctorCommand([box, '--ssh-config', config, '--known-hosts', join(dir, 'kh')], {
    stdout: () => undefined,
    stderr: (s) => void err.push(s),
  });
  return { code, err: err.join('') };
}

test.each([
  ['x$(touch {F})'],
  ['x`touch {F}`'],
  ['x;touch {F}'],
  ['x|touch {F}'],
  ['x&&touch {F}'],
  ['x\ntouch {F}'],
  ["x'$(touch {F})'"],
])('doctor %j runs nothing from the name and says why', async (name) => {
  const marker = join(dir, `pwned-${Math.random().toString(36).slice(2)}`);
  const { code, err } = await doctor(name.replace('{F}', marker), 'sh -c "exit 1" %h');
  expect(existsSync(marker)).toBe(false);
  expect(code).toBe(DOCTOR_EXIT.unreachable);
  expect(err).toMatch(/hostname contains invalid characters/);
});

test('a user name with shell syntax is refused the same way', async () => {
  const marker = join(dir, 'pwned-user');
  const { err } = await doctor(`u$(touch ${marker})@gpu`, 'sh -c "exit 1" %r');
  expect(existsSync(marker)).toBe(false);
  expect(err).toMatch(/remote username contains invalid characters/);
});

test('the checks accept what ssh accepts', () => {
  for (const ok of ['gpu-1', 'gpu.example.com', '10.0.0.1', 'fe80::1%eth0', 'gpu_box', 'a*', 'ünï'])
    expect(validHostName(ok), ok).toBe(true);
  for (const bad of ['', '-x', 'a b', 'a,b', 'a\tb', 'a\u0007', 'a{b}', 'a\\b'])
    expect(validHostName(bad), bad).toBe(false);
  for (const ok of ['root', 'first.last', 'dom\\user', 'a b']) expect(validUserName(ok), ok).toBe(true);
  for (const bad of ['-l', 'a;b', 'a -o', 'ends\\', "it's"]) expect(validUserName(bad), bad).toBe(false);
});

test('%h and %r reach the ProxyCommand as single words, globs and all', async () => {
  await writeFile(join(dir, 'a-match'), '');
  const out = join(dir, 'argv.txt');
  const proxy = spawnProxyCommand(`sh -c 'printf "%%s\\n" "$@" >${out}; exit 1' sh ${join(dir, 'a*')} %r`, {
    host: join(dir, 'a*'),
    port: 22,
    user: 'me',
  });
  await new Promise((r) => proxy.sock.on('close', r).resume());
  expect((await readFile(out, 'utf8')).split('\n')).toEqual([join(dir, 'a-match'), 'me', '']);
  const quoted = spawnProxyCommand(`sh -c 'printf "%%s\\n" "$@" >${out}; exit 1' sh %h %r`, {
    host: join(dir, 'a*'),
    port: 22,
    user: 'me',
  });
  await new Promise((r) => quoted.sock.on('close', r).resume());
  expect((await readFile(out, 'utf8')).split('\n')).toEqual([join(dir, 'a*'), 'me', '']);
});
