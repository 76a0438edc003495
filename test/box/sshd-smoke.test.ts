import { readFile } from 'node:fs/promises';
import { Client } from 'ssh2';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { Sshd } from './harness/sshd';

let sshd: Sshd;
beforeAll(async () => {
  sshd = await Sshd.start({ pathDirs: ['/opt/rollout-studio-fixtures'] });
});
afterAll(() => sshd?.stop());

/** Runs one command over a fresh ssh2 connection, checking the host key the harness generated. */
async function run(command: string): Promise<{ code: number; stdout: string }> {
  const privateKey = await readFile(sshd.userKeyPath);
  const expectedKey = Buffer.from(sshd.hostPublicKey.split(' ')[1] ?? '', 'base64');
  return new Promise((resolve, reject) => {
    const client = new Client();
    client.once('error', reject);
    client.once('ready', () => {
      client.exec(command, (err, channel) => {
        if (err) return reject(err);
        let stdout = '';
        channel.on('data', (d: Buffer) => (stdout += d.toString()));
        channel.stderr.resume();
        channel.once('exit', (code: number) => {
          client.end();
          resolve({ code, stdout });
        });
      });
    });
    client.connect({
      host: sshd.host,
      port: sshd.port,
      username: sshd.user,
      privateKey,
      hostVerifier: (key: Buffer) => key.equals(expectedKey),
    });
  });
}

test('runs a command through the real sshd with key auth and the generated host key', async () => {
  const result = await run('echo "hello from $(id -un)"; exit 7');
  expect(result).toEqual({ code: 7, stdout: `hello from ${sshd.user}\n` });
});

test('puts the harness dirs on the remote PATH', async () => {
  const { stdout } = await run('echo "$PATH"');
  expect(stdout.trim().split(':')).toContain('/opt/rollout-studio-fixtures');
});

test('killConnections drops open connections while the listener keeps accepting', async () => {
  const privateKey = await readFile(sshd.userKeyPath);
  const closed = new Promise<void>((resolve, reject) => {
    const client = new Client();
    client.once('error', () => {});
    client.once('close', () => resolve());
    client.once('ready', () => void sshd.killConnections().catch(reject));
    client.connect({
      host: sshd.host,
      port: sshd.port,
      username: sshd.user,
      privateKey,
      hostVerifier: () => true,
    });
  });
  await closed;
  expect((await run('echo again')).stdout).toBe('again\n');
});
