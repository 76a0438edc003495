import { readFile } from 'node:fs/promises';
import { utils, type ParsedKey } from 'ssh2';
import type { SshPrompts } from './sshPrompts';

// Wrong passphrases allowed per key before it is skipped, as ssh(1) does.
const PASSPHRASE_ATTEMPTS = 3;

/**
 * The private key in an IdentityFile, asking for its passphrase when it is encrypted. Undefined when
 * the file is missing, unreadable as a key, or the person gave up on the passphrase: ssh(1) moves on
 * to the next identity in all these cases.
 */
export async function loadIdentityKey(
  path: string,
  prompts: Pick<SshPrompts, 'passphrase' | 'passphraseAccepted'>,
): Promise<ParsedKey | undefined> {
  const data = await readIfExists(path);
  if (data === undefined) return undefined;
  const plain = firstKey(utils.parseKey(data));
  if (!(plain instanceof Error)) return plain;
  if (!/no passphrase given/i.test(plain.message)) return undefined;
  for (let attempt = 1; attempt <= PASSPHRASE_ATTEMPTS; attempt++) {
    const passphrase = await prompts.passphrase({ keyPath: path, attempt });
    if (passphrase === undefined) return undefined;
    const key = firstKey(utils.parseKey(data, passphrase));
    if (!(key instanceof Error)) {
      prompts.passphraseAccepted?.(path, passphrase);
      return key;
    }
  }
  return undefined;
}

/** The public half of an IdentityFile without decrypting it: from `<file>.pub`, else the file itself. */
export async function identityPublicKey(path: string): Promise<Buffer | undefined> {
  for (const candidate of [`${path}.pub`, path]) {
    const data = await readIfExists(candidate);
    if (data === undefined) continue;
    const key = firstKey(utils.parseKey(data));
    if (!(key instanceof Error)) return key.getPublicSSH();
  }
  return undefined;
}

function firstKey(parsed: ParsedKey | ParsedKey[] | Error): ParsedKey | Error {
  // OpenSSH's file format can hold several keys; ssh(1) uses the first.
  if (!Array.isArray(parsed)) return parsed;
  return parsed[0] ?? new Error('The key file holds no key');
}

async function readIfExists(path: string): Promise<Buffer | undefined> {
  try {
    return await readFile(path);
  } catch {
    return undefined;
  }
}
