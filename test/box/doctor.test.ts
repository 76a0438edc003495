import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { DOCTOR_EXIT, runDoctorCommand } from '../../src/cli/doctor';
import { generateKey } from './harness/keys';
import { clientHome, type ClientHome } from './harness/sshBox';
import { Sshd } from './harness/sshd';

// The "GPU box": real sshd plus a stand-in nvidia-smi and a stand-in slime distribution on its paths.
const fixtures = mkdtempSync(join(tmpdir(), 'rs-doctor-fixtures-'));
let sshd: Sshd;
let client: ClientHome;

beforeAll(async () => {
  await mkdir(join(fixtures, 'bin'));
  await writeFile(
    join(fixtures, 'bin', 'nvidia-smi'),
    '#!/bin/sh\necho "NVIDIA H100 80GB HBM3, 81559, 1024, 37"\necho "NVIDIA H100 80GB HBM3, 81559, 0, 0"\n',
  );
  await chmod(join(fixtures, 'bin', 'nvidia-smi'), 0o755);
  await mkdir(join(fixtures, 'py', 'slime'), { recursive: true });
  await writeFile(join(fixtures, 'py', 'slime', '__init__.py'), '');
  await mkdir(join(fixtures, 'py', 'slime-0.2.1.dist-info'));
  await writeFile(
    join(fixtures, 'py', 'slime-0.2.1.dist-info', 'METADATA'),
    'Metadata-Version: 2.1\nName: slime\nVersion: 0.2.1\n',
  );
  sshd = await Sshd.start({ pathDirs: [join(fixtures, 'bin')], env: { PYTHONPATH: join(fixtures, 'py') } });
  const stranger = await generateKey(join(sshd.dir, 'id_stranger'));
  client = await clientHome({
    box: { sshd },
    stranger: { sshd, lines: [`IdentityFile ${stranger.path}`], userKey: false },
    closed: { sshd, lines: ['Port 1'] },
  });
});
afterAll(async () => {
  await client?.remove();
  await sshd?.stop();
  await rm(fixtures, { recursive: true, force: true });
});

async function doctor(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runDoctorCommand(
    [...args, '--ssh-config', client.configPath, '--known-hosts', client.knownHostsPath],
    {
      stdout: (s) => (stdout += s),
      stderr: (s) => (stderr += s),
    },
  );
  return { code, stdout, stderr };
}

test('an unknown host exits 3 with its fingerprint; --accept-new-host records it and reports the box', async () => {
  await writeFile(client.knownHostsPath, '');
  const refused = await doctor('box');
  expect(refused.code).toBe(DOCTOR_EXIT.unknownHost);
  expect(refused.stderr).toMatch(/not known \(ssh-ed25519 SHA256:[A-Za-z0-9+/]{43}\)/);
  expect(await readFile(client.knownHostsPath, 'utf8')).toBe('');

  const accepted = await doctor('box', '--accept-new-host');
  expect(accepted.code).toBe(DOCTOR_EXIT.ok);
  expect(accepted.stdout).toContain('Host key: new, accepted and recorded (ssh-ed25519 SHA256:');
  expect(await readFile(client.knownHostsPath, 'utf8')).toBe(`${sshd.knownHostsLine()}\n`);
});

test('text report: host key, credential, python packages, GPUs, disk and ports', async () => {
  await writeFile(client.knownHostsPath, `${sshd.knownHostsLine()}\n`);
  const { code, stdout } = await doctor('box');
  expect(code).toBe(DOCTOR_EXIT.ok);
  expect(stdout).toContain(`Box: box (${sshd.user}@127.0.0.1:${sshd.port})`);
  expect(stdout).toContain(`Host key: known (ssh-ed25519 `);
  expect(stdout).toContain(`${client.knownHostsPath}:1)`);
  expect(stdout).toContain(`Authentication: publickey ${sshd.userKeyPath}`);
  expect(stdout).toMatch(/^python3: \d+\.\d+\.\d+ \(/m);
  expect(stdout).toContain('slime 0.2.1');
  expect(stdout).toContain('GPUs: 2\n  0: NVIDIA H100 80GB HBM3, 1024/81559 MiB used, 37% busy\n');
  expect(stdout).toMatch(/^Runs directory: [\d.]+ [KMGTP]?i?B free at \//m);
  expect(stdout).toMatch(new RegExp(`^Listening TCP ports: .*\\b${sshd.port}\\b`, 'm'));
});

test('json report carries the same findings as data', async () => {
  await writeFile(client.knownHostsPath, `${sshd.knownHostsLine()}\n`);
  const { code, stdout } = await doctor('box', '--format', 'json');
  expect(code).toBe(DOCTOR_EXIT.ok);
  const report = JSON.parse(stdout);
  expect(report).toMatchObject({
    box: 'box',
    connected: true,
    hostKey: { status: 'known', keyType: 'ssh-ed25519', file: client.knownHostsPath, line: 1 },
    auth: `publickey ${sshd.userKeyPath}`,
    packages: { slime: '0.2.1' },
    gpus: [
      { name: 'NVIDIA H100 80GB HBM3', memoryTotalMiB: 81559, memoryUsedMiB: 1024, utilizationPercent: 37 },
      {},
    ],
  });
  expect(report.listeningPorts).toContain(sshd.port);
  expect(report.runsDir.freeBytes).toBeGreaterThan(0);
});

test('a changed host key exits 4 and names the known_hosts line', async () => {
  const other = await generateKey(join(sshd.dir, 'other_host_key'));
  await writeFile(client.knownHostsPath, `[127.0.0.1]:${sshd.port} ${other.publicKey}\n`);
  const { code, stdout } = await doctor('box', '--format', 'json', '--accept-new-host');
  expect(code).toBe(DOCTOR_EXIT.mismatch);
  expect(JSON.parse(stdout).error).toMatchObject({
    kind: 'host-key-mismatch',
    file: client.knownHostsPath,
    line: 1,
  });
});

test('a key the box does not accept exits 5; a closed port exits 6', async () => {
  await writeFile(client.knownHostsPath, `${sshd.knownHostsLine()}\n`);
  const denied = await doctor('stranger');
  expect(denied.code).toBe(DOCTOR_EXIT.authFailed);
  expect(denied.stderr).toContain('Authentication as');
  const closed = await doctor('closed', '--format', 'json');
  expect(closed.code).toBe(DOCTOR_EXIT.unreachable);
  expect(JSON.parse(closed.stdout).error).toMatchObject({ kind: 'unreachable', reason: 'refused', port: 1 });
});

test('"local" inspects this machine without SSH', async () => {
  const { code, stdout } = await doctor('local', '--format', 'json');
  expect(code).toBe(DOCTOR_EXIT.ok);
  expect(JSON.parse(stdout)).toMatchObject({ box: 'local', hostKey: { status: 'local' }, connected: true });
});

test('usage errors exit 2', async () => {
  expect((await doctor()).code).toBe(DOCTOR_EXIT.usage);
  expect((await doctor('box', '--format', 'yaml')).code).toBe(DOCTOR_EXIT.usage);
});

test('--accept-new-host refuses an RSA-only server for a box known_hosts knows by its ed25519 key', async () => {
  const impostor = await Sshd.start({ hostKeyType: 'rsa' });
  const home = await clientHome({ gpu: { sshd: impostor } });
  try {
    // known_hosts holds the box's ed25519 key; the server at its address offers only an RSA key.
    const real = await generateKey(join(impostor.dir, 'real_host_ed25519'));
    const known = `[127.0.0.1]:${impostor.port} ${real.publicKey}\n`;
    await writeFile(home.knownHostsPath, known);
    let stderr = '';
    const code = await runDoctorCommand(
      ['gpu', '--accept-new-host', '--ssh-config', home.configPath, '--known-hosts', home.knownHostsPath],
      { stdout: () => undefined, stderr: (s) => (stderr += s) },
    );
    expect(code).toBe(DOCTOR_EXIT.mismatch);
    expect(stderr).toMatch(/offered only a ssh-rsa key .* holds its ssh-ed25519 key/);
    expect(await readFile(home.knownHostsPath, 'utf8')).toBe(known);
  } finally {
    await home.remove();
    await impostor.stop();
  }
});
