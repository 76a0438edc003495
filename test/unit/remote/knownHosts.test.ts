import { createHmac } from 'node:crypto';
import { expect, test } from 'vitest';
import {
  checkHostKey,
  entryMatchesHost,
  formatKnownHostsLine,
  hashHostName,
  parseKnownHosts,
} from '../../../src/remote/knownHosts';
import { fingerprintSha256, keyTypeOf } from '../../../src/remote/sshKeyBlob';

// Real public keys in wire format (base64 as in known_hosts), generated once with ssh-keygen.
const ED_A = 'AAAAC3NzaC1lZDI1NTE5AAAAIP8ZxgwtX38xFD7ewLOFYZredKzw/AtpQTsaNoDVZunS';
const ED_B = 'AAAAC3NzaC1lZDI1NTE5AAAAIDEAuwlOlbYNXh52OSe0KKEshYKe5OOzqcJ3iezM27ka';
const blob = (b64: string) => Buffer.from(b64, 'base64');

test('parses plain, [host]:port, marker, comment and blank lines, skipping malformed ones', () => {
  const text = [
    '# comment',
    '',
    `gpu1,10.0.0.5 ssh-ed25519 ${ED_A} user@laptop`,
    `[gpu2]:2222 ssh-ed25519 ${ED_B}`,
    `@revoked * ssh-ed25519 ${ED_B}`,
    '@unknown-marker gpu3 ssh-ed25519 AAAA',
    'only-two-fields ssh-ed25519',
  ].join('\n');
  const entries = parseKnownHosts(text, '/k');
  expect(entries.map((e) => [e.line, e.marker, e.keyType])).toEqual([
    [3, undefined, 'ssh-ed25519'],
    [4, undefined, 'ssh-ed25519'],
    [5, 'revoked', 'ssh-ed25519'],
  ]);
  expect(entries[0]?.hosts).toEqual({ patterns: ['gpu1', '10.0.0.5'] });
});

test('host matching: port 22 uses the bare name, other ports need [host]:port, case-insensitive', () => {
  const [plain, bracketed] = parseKnownHosts(
    `GPU1 ssh-ed25519 ${ED_A}\n[gpu1]:2222 ssh-ed25519 ${ED_A}\n`,
    '/k',
  );
  expect(entryMatchesHost(plain!, 'gpu1', 22)).toBe(true);
  expect(entryMatchesHost(plain!, 'gpu1', 2222)).toBe(false);
  expect(entryMatchesHost(bracketed!, 'gpu1', 2222)).toBe(true);
  expect(entryMatchesHost(bracketed!, 'gpu1', 22)).toBe(false);
});

test('wildcards and negation follow OpenSSH patterns', () => {
  const [entry] = parseKnownHosts(`*.cluster,!bad.cluster,node? ssh-ed25519 ${ED_A}`, '/k');
  expect(entryMatchesHost(entry!, 'a.cluster', 22)).toBe(true);
  expect(entryMatchesHost(entry!, 'bad.cluster', 22)).toBe(false);
  expect(entryMatchesHost(entry!, 'node1', 22)).toBe(true);
  expect(entryMatchesHost(entry!, 'node12', 22)).toBe(false);
});

test('hashed names are HMAC-SHA1 of the name under the salt, as ssh-keygen -H writes them', () => {
  const salt = Buffer.alloc(20, 7);
  const expected = createHmac('sha1', salt).update('[gpu1]:2222').digest('base64');
  expect(hashHostName('[gpu1]:2222', salt)).toBe(`|1|${salt.toString('base64')}|${expected}`);
  const [entry] = parseKnownHosts(`${hashHostName('[gpu1]:2222')} ssh-ed25519 ${ED_A}`, '/k');
  expect(entryMatchesHost(entry!, 'gpu1', 2222)).toBe(true);
  expect(entryMatchesHost(entry!, 'gpu1', 22)).toBe(false);
  expect(entryMatchesHost(entry!, 'gpu2', 2222)).toBe(false);
});

test('checkHostKey: known, mismatch with file and line, revoked first, unknown with other types', () => {
  const entries = [
    ...parseKnownHosts(`other ssh-ed25519 ${ED_B}\ngpu1 ssh-ed25519 ${ED_A}\n`, '/a'),
    ...parseKnownHosts(
      `gpu2 ssh-ed25519 ${ED_B}\n@revoked gpu3 ssh-ed25519 ${ED_A}\ngpu3 ssh-ed25519 ${ED_A}\n`,
      '/b',
    ),
    ...parseKnownHosts(`gpu4 ssh-rsa ${ED_A}\n`, '/c'),
  ];
  expect(checkHostKey(entries, 'gpu1', 22, 'ssh-ed25519', blob(ED_A))).toEqual({
    status: 'known',
    file: '/a',
    line: 2,
  });
  expect(checkHostKey(entries, 'gpu2', 22, 'ssh-ed25519', blob(ED_A))).toEqual({
    status: 'mismatch',
    file: '/b',
    line: 1,
  });
  expect(checkHostKey(entries, 'gpu3', 22, 'ssh-ed25519', blob(ED_A))).toEqual({
    status: 'revoked',
    file: '/b',
    line: 2,
  });
  // Any known key type makes another type a mismatch: an impostor offers only a type never recorded.
  expect(checkHostKey(entries, 'gpu4', 22, 'ssh-ed25519', blob(ED_A))).toMatchObject({
    status: 'mismatch',
    knownKeyType: 'ssh-rsa',
  });
  expect(checkHostKey(entries, 'gpu9', 22, 'ssh-ed25519', blob(ED_A))).toEqual({ status: 'unknown' });
});

test('a new entry is written the way OpenSSH writes it, hashed on request', () => {
  expect(formatKnownHostsLine('GPU1', 22, 'ssh-ed25519', blob(ED_A), { hash: false })).toBe(
    `gpu1 ssh-ed25519 ${ED_A}`,
  );
  expect(formatKnownHostsLine('gpu1', 2222, 'ssh-ed25519', blob(ED_A), { hash: false })).toBe(
    `[gpu1]:2222 ssh-ed25519 ${ED_A}`,
  );
  const hashed = formatKnownHostsLine('gpu1', 2222, 'ssh-ed25519', blob(ED_A), { hash: true });
  const [entry] = parseKnownHosts(hashed, '/k');
  expect(entry && entryMatchesHost(entry, 'gpu1', 2222)).toBe(true);
});

test('key type and SHA256 fingerprint come from the blob as OpenSSH prints them', () => {
  expect(keyTypeOf(blob(ED_A))).toBe('ssh-ed25519');
  // `ssh-keygen -lf` on ED_A's .pub file printed this fingerprint.
  expect(fingerprintSha256(blob(ED_A))).toBe('SHA256:v5pbyEtnr43DaGHFKBChz31BYRvfgW1ybTALrQqNEMs');
});
