import fc from 'fast-check';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { SshTarget } from '../../src/remote/sshTarget';
import { clientHome, poolFor, ScriptedPrompts, type ClientHome } from './harness/sshBox';
import { Sshd } from './harness/sshd';

let sshd: Sshd;
let client: ClientHome;
let target: SshTarget;

beforeAll(async () => {
  sshd = await Sshd.start();
  client = await clientHome({ box: { sshd } }, { trust: [sshd] });
  target = await poolFor(client, new ScriptedPrompts()).target('box');
});
afterAll(async () => {
  await target?.close();
  await client?.remove();
  await sshd?.stop();
});

// Any Unicode text a C argv can carry: well-formed (no lone surrogates, which have no UTF-8 form) and
// without NUL, which ends a C string.
const word = fc
  .string({ unit: 'binary', maxLength: 24 })
  .filter((s) => Buffer.from(s).toString() === s && !s.includes('\0'));
// Shell-significant text, so the runs do not depend on luck to meet quotes, globs and expansions.
const nasty = fc.constantFrom(
  "'",
  '"',
  '\\',
  '$HOME',
  '`id`',
  '$(id)',
  '*',
  '?',
  '~',
  '!',
  ';',
  '&&',
  '|',
  '\n',
  ' ',
  '\t',
  '=x',
  'A=b',
  '#',
  '%',
  '{a,b}',
  "'\\''",
  '',
);
const argv = fc.array(
  fc.oneof(
    word,
    nasty,
    fc.array(fc.oneof(word, nasty)).map((parts) => parts.join('')),
  ),
  {
    minLength: 1,
    maxLength: 6,
  },
);

// Each run pays for a remote login shell (~0.2 s with this machine's rc files), hence the run count.
test('every argv reaches the remote program byte for byte through the login shell', async () => {
  await fc.assert(
    fc.asyncProperty(argv, async (args) => {
      // printf is given the words by the remote shell, so it prints exactly what that shell parsed.
      const result = await target.exec(['printf', '%s\\0', ...args]);
      expect(result.code).toBe(0);
      expect(result.stdout.toString('hex')).toBe(
        Buffer.from(args.map((a) => `${a}\0`).join('')).toString('hex'),
      );
    }),
    { numRuns: 60 },
  );
});

test('a word that looks like an assignment is run as the program, not taken as one', async () => {
  const result = await target.exec(['A=b', 'x']);
  expect(result.code).toBe(127);
});
