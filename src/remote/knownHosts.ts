import { createHmac, randomBytes } from 'node:crypto';
import { matchHostPatternList } from './hostPattern';
import { knownHostsName } from './sshErrors';

// known_hosts as OpenSSH reads it (sshd(8) "SSH_KNOWN_HOSTS FILE FORMAT"): one key per line,
// `[@marker] hosts keytype base64key [comment]`, where hosts is a comma-separated pattern list
// (`host`, `[host]:port`, wildcards, `!negation`) or one hashed name `|1|base64(salt)|base64(hmac)`.

export interface KnownHostsEntry {
  file: string;
  /** 1-based, for messages that send the user to the exact line. */
  line: number;
  marker: 'revoked' | 'cert-authority' | undefined;
  hosts: { hashed: { salt: Buffer; hash: Buffer } } | { patterns: string[] };
  keyType: string;
  key: Buffer;
}

export function parseKnownHosts(text: string, file: string): KnownHostsEntry[] {
  const entries: KnownHostsEntry[] = [];
  text.split('\n').forEach((raw, index) => {
    const fields = raw.trim().split(/\s+/);
    if (fields[0] === '' || fields[0]?.startsWith('#')) return;
    let marker: KnownHostsEntry['marker'];
    if (fields[0]?.startsWith('@')) {
      const name = fields.shift();
      // An unknown marker makes OpenSSH skip the line; so do we.
      if (name !== '@revoked' && name !== '@cert-authority') return;
      marker = name === '@revoked' ? 'revoked' : 'cert-authority';
    }
    const [hostField, keyType, keyText] = fields;
    if (!hostField || !keyType || !keyText) return;
    const hosts = parseHostField(hostField);
    if (!hosts) return;
    entries.push({ file, line: index + 1, marker, hosts, keyType, key: Buffer.from(keyText, 'base64') });
  });
  return entries;
}

function parseHostField(field: string): KnownHostsEntry['hosts'] | undefined {
  if (!field.startsWith('|')) return { patterns: field.split(',') };
  const [, magic, salt, hash] = field.split('|');
  if (magic !== '1' || !salt || !hash) return undefined;
  return { hashed: { salt: Buffer.from(salt, 'base64'), hash: Buffer.from(hash, 'base64') } };
}

/** Whether the entry's host field names host:port (as `host` for port 22, `[host]:port` otherwise). */
export function entryMatchesHost(entry: KnownHostsEntry, host: string, port: number): boolean {
  const name = knownHostsName(host.toLowerCase(), port);
  if ('hashed' in entry.hosts) {
    const { salt, hash } = entry.hosts.hashed;
    return createHmac('sha1', salt).update(name).digest().equals(hash);
  }
  return matchHostPatternList(entry.hosts.patterns, name);
}

/** The hashed host field OpenSSH writes with HashKnownHosts yes. */
export function hashHostName(name: string, salt: Buffer = randomBytes(20)): string {
  const hash = createHmac('sha1', salt).update(name).digest('base64');
  return `|1|${salt.toString('base64')}|${hash}`;
}

/** A known_hosts line for a newly accepted key, hashed when the user's config asks for it. */
export function formatKnownHostsLine(
  host: string,
  port: number,
  keyType: string,
  key: Buffer,
  options: { hash: boolean },
): string {
  const name = knownHostsName(host.toLowerCase(), port);
  return `${options.hash ? hashHostName(name) : name} ${keyType} ${key.toString('base64')}`;
}

export type HostKeyCheck =
  | { status: 'known'; file: string; line: number }
  /** knownKeyType: the type of the contradicting entry when it differs from the offered key's. */
  | { status: 'mismatch'; file: string; line: number; knownKeyType?: string }
  | { status: 'revoked'; file: string; line: number }
  | { status: 'unknown' };

/**
 * The verdict for a key a host offered: @revoked wins over everything, any matching entry makes it
 * known, and any other entry for the host is a mismatch. OpenSSH asks about a key of a type it has
 * not seen for a known host; here that is refused like a changed key, since an impostor can simply
 * offer only a type the user never recorded (an RSA-only server for a box known by ed25519). Only a
 * host with no entry at all is unknown.
 */
export function checkHostKey(
  entries: readonly KnownHostsEntry[],
  host: string,
  port: number,
  keyType: string,
  key: Buffer,
): HostKeyCheck {
  const forHost = entries.filter((e) => e.marker !== 'cert-authority' && entryMatchesHost(e, host, port));
  const revoked = forHost.find((e) => e.marker === 'revoked' && e.key.equals(key));
  if (revoked) return { status: 'revoked', file: revoked.file, line: revoked.line };
  const plain = forHost.filter((e) => e.marker === undefined);
  const known = plain.find((e) => e.keyType === keyType && e.key.equals(key));
  if (known) return { status: 'known', file: known.file, line: known.line };
  const changed = plain.find((e) => e.keyType === keyType);
  if (changed) return { status: 'mismatch', file: changed.file, line: changed.line };
  const other = plain[0];
  if (other) return { status: 'mismatch', file: other.file, line: other.line, knownKeyType: other.keyType };
  return { status: 'unknown' };
}

/** The key types known_hosts holds (not revoked) for host:port. */
export function knownKeyTypes(entries: readonly KnownHostsEntry[], host: string, port: number): string[] {
  const plain = entries.filter((e) => e.marker === undefined && entryMatchesHost(e, host, port));
  return [...new Set(plain.map((e) => e.keyType))];
}
