import { randomBytes } from 'node:crypto';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { SshTarget } from '../../src/remote/sshTarget';
import { clientHome, poolFor, ScriptedPrompts, type ClientHome } from './harness/sshBox';
import { Sshd } from './harness/sshd';

// The box is this machine, so what the target writes over SFTP can be checked on the local disk.
let sshd: Sshd;
let client: ClientHome;
let target: SshTarget;
let dir: string;

beforeAll(async () => {
  sshd = await Sshd.start();
  client = await clientHome({ box: { sshd } }, { trust: [sshd] });
  target = await poolFor(client, new ScriptedPrompts()).target('box');
  dir = join(sshd.dir, 'files');
  await mkdir(dir);
});
afterAll(async () => {
  await target?.close();
  await client?.remove();
  await sshd?.stop();
});

test('home() is the remote login directory', async () => {
  expect(await target.home()).toBe(homedir());
});

test('a binary file written to the box arrives byte for byte, with its mode', async () => {
  const data = randomBytes(3 * 1024 * 1024 + 17);
  await target.writeFile(join(dir, 'up.bin'), data, 0o600);
  expect((await readFile(join(dir, 'up.bin'))).equals(data)).toBe(true);
  expect((await stat(join(dir, 'up.bin'))).mode & 0o777).toBe(0o600);
});

test('writing over an existing file replaces its content and sets the new mode', async () => {
  const path = join(dir, 'again.txt');
  await writeFile(path, 'a much longer old content', { mode: 0o644 });
  await target.writeFile(path, 'new', 0o640);
  expect(await readFile(path, 'utf8')).toBe('new');
  expect((await stat(path)).mode & 0o777).toBe(0o640);
});

test('a file on the box reads back byte for byte', async () => {
  const data = randomBytes(2 * 1024 * 1024 + 5);
  await writeFile(join(dir, 'down.bin'), data);
  expect((await target.readFile(join(dir, 'down.bin'))).equals(data)).toBe(true);
});

test('readDir lists entries with their kind, and stat tells files, dirs and nothing apart', async () => {
  await mkdir(join(dir, 'list', 'sub'), { recursive: true });
  await writeFile(join(dir, 'list', 'run.json'), '{"id": 1}');
  const entries = await target.readDir(join(dir, 'list'));
  expect(entries.sort((a, b) => a.name.localeCompare(b.name))).toEqual([
    { name: 'run.json', isDirectory: false },
    { name: 'sub', isDirectory: true },
  ]);
  const file = await target.stat(join(dir, 'list', 'run.json'));
  const local = await stat(join(dir, 'list', 'run.json'));
  expect(file).toEqual({ size: 9, isDirectory: false, mtimeMs: Math.floor(local.mtimeMs / 1000) * 1000 });
  expect(await target.stat(join(dir, 'list', 'sub'))).toMatchObject({ isDirectory: true });
  expect(await target.stat(join(dir, 'list', 'missing'))).toBeUndefined();
});

test('reading a missing file fails instead of returning nothing', async () => {
  await expect(target.readFile(join(dir, 'missing'))).rejects.toThrow(/no such file/i);
});
