import type { ServerHostKeyAlgorithm } from 'ssh2';
import { checkHostKey, formatKnownHostsLine, knownKeyTypes, type KnownHostsEntry } from './knownHosts';
import { appendKnownHostsLine, readKnownHostsFiles } from './knownHostsFiles';
import { fingerprintSha256, keyTypeOf } from './sshKeyBlob';
import { HostKeyMismatchError, UnknownHostKeyError } from './sshErrors';
import type { SshPrompts } from './sshPrompts';

export interface HostKeyPolicy {
  userKnownHostsFiles: readonly string[];
  globalKnownHostsFiles: readonly string[];
  hashKnownHosts: boolean;
  strictHostKeyChecking: 'yes' | 'ask';
}

export type HostKeyOutcome =
  | { status: 'known'; keyType: string; fingerprint: string; file: string; line: number }
  /** Unknown before, and the person said yes; file is where the entry went (undefined: nowhere writable). */
  | { status: 'accepted'; keyType: string; fingerprint: string; file: string | undefined };

/**
 * Decides whether the key a host offered may be trusted. Resolves only for a known_hosts match or an
 * explicit yes from the person; every other path throws, so no caller can connect by accident.
 */
export async function verifyHostKey(
  host: string,
  port: number,
  key: Buffer,
  policy: HostKeyPolicy,
  prompts: Pick<SshPrompts, 'confirmHostKey'>,
): Promise<HostKeyOutcome> {
  const keyType = keyTypeOf(key);
  const fingerprint = fingerprintSha256(key);
  const entries = await readKnownHostsFiles([...policy.userKnownHostsFiles, ...policy.globalKnownHostsFiles]);
  const check = checkHostKey(entries, host, port, keyType, key);
  switch (check.status) {
    case 'known':
      return { status: 'known', keyType, fingerprint, file: check.file, line: check.line };
    case 'mismatch':
    case 'revoked':
      throw new HostKeyMismatchError(
        host,
        port,
        keyType,
        fingerprint,
        check.file,
        check.line,
        check.status === 'revoked',
        check.status === 'mismatch' ? check.knownKeyType : undefined,
      );
    case 'unknown': {
      if (policy.strictHostKeyChecking === 'yes')
        throw new UnknownHostKeyError(host, port, keyType, fingerprint);
      const yes = await prompts.confirmHostKey({ host, port, keyType, fingerprint });
      if (yes !== true) throw new UnknownHostKeyError(host, port, keyType, fingerprint);
      // OpenSSH adds new keys to the first UserKnownHostsFile.
      const file = policy.userKnownHostsFiles[0];
      if (file !== undefined) {
        await appendKnownHostsLine(
          file,
          formatKnownHostsLine(host, port, keyType, key, { hash: policy.hashKnownHosts }),
        );
      }
      return { status: 'accepted', keyType, fingerprint, file };
    }
  }
}

// Host key algorithms ssh2 implements, in its default preference.
const ALGORITHMS: ServerHostKeyAlgorithm[] = [
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'rsa-sha2-512',
  'rsa-sha2-256',
  'ssh-rsa',
];

/**
 * Host key algorithms with the types known_hosts already holds for this host first, as OpenSSH
 * orders them: a box known by its RSA key is then checked against that key instead of looking new.
 */
export function hostKeyAlgorithms(
  entries: readonly KnownHostsEntry[],
  host: string,
  port: number,
): ServerHostKeyAlgorithm[] {
  const known = knownKeyTypes(entries, host, port);
  const preferred = ALGORITHMS.filter((alg) => known.includes(alg.startsWith('rsa-') ? 'ssh-rsa' : alg));
  return [...preferred, ...ALGORITHMS.filter((alg) => !preferred.includes(alg))];
}
