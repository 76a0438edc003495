import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface KeyPair {
  /** Private key file, in OpenSSH's own format. */
  path: string;
  /** One authorized_keys / known_hosts style line: "<type> <base64>". */
  publicKey: string;
}

/** Generates a key with the real ssh-keygen, so the tests read exactly what users have on disk. */
export async function generateKey(
  path: string,
  options: { type?: 'ed25519' | 'ecdsa' | 'rsa'; passphrase?: string; comment?: string } = {},
): Promise<KeyPair> {
  const type = options.type ?? 'ed25519';
  const args = [
    '-q',
    '-t',
    type,
    '-N',
    options.passphrase ?? '',
    '-C',
    options.comment ?? 'rollout-studio-test',
    '-f',
    path,
  ];
  if (type === 'rsa') args.push('-b', '2048');
  await run('ssh-keygen', args);
  const pub = (await readFile(`${path}.pub`, 'utf8')).trim().split(' ');
  return { path, publicKey: `${pub[0]} ${pub[1]}` };
}
