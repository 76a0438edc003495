import { afterAll, beforeAll, expect, test } from 'vitest';
import type { SshTarget } from '../../src/remote/sshTarget';
import { clientHome, poolFor, ScriptedPrompts, type ClientHome } from './harness/sshBox';
import { Sshd } from './harness/sshd';

// A box whose login shell is fish: sshd hands every command to fish, as it does for an account whose
// passwd entry names fish (ForceCommand stands in for that entry, which a test cannot change).

const HOSTILE = [
  "it's",
  'a\\\\b',
  "\\'",
  '$(touch /tmp/rs-pwned-fish)',
  '`id`',
  'two\nlines',
  '*',
  '(x)',
  '{a,b}',
  '',
];

let fishBox: Sshd;
let tcshBox: Sshd;
let client: ClientHome;
let target: SshTarget;

beforeAll(async () => {
  fishBox = await Sshd.start({ extraConfig: ['ForceCommand fish -c "$SSH_ORIGINAL_COMMAND"'] });
  // What a csh-family login shell looks like to the probe: $SHELL names it, quotes read as in sh.
  tcshBox = await Sshd.start({ extraConfig: ['ForceCommand SHELL=/bin/tcsh sh -c "$SSH_ORIGINAL_COMMAND"'] });
  client = await clientHome(
    { fish: { sshd: fishBox }, tcsh: { sshd: tcshBox } },
    { trust: [fishBox, tcshBox] },
  );
  target = await poolFor(client, new ScriptedPrompts()).target('fish');
});
afterAll(async () => {
  await target?.close();
  await client?.remove();
  await fishBox?.stop();
  await tcshBox?.stop();
});

test('on a fish login shell, commands run through sh with every word byte for byte', async () => {
  const r = await target.exec(['printf', '%s\\0', ...HOSTILE]);
  expect(r.code, r.stderr.toString()).toBe(0);
  expect(r.stdout.toString('utf8')).toBe(HOSTILE.map((w) => `${w}\0`).join(''));
  const shell = await target.exec(['sh', '-c', 'printf "%s|%s\\n" "$1" "$2"', 'sh', 'x\\\\y', "q'q"]);
  expect(shell.stdout.toString()).toBe("x\\\\y|q'q\n");
});

test('a csh-family login shell is named at connect instead of mangling commands', async () => {
  const error = await poolFor(client, new ScriptedPrompts())
    .target('tcsh')
    .catch((e: unknown) => e);
  expect(error).toMatchObject({ name: 'UnsupportedLoginShellError', shell: '/bin/tcsh' });
  expect((error as Error).message).toMatch(/login shell on tcsh is \/bin\/tcsh/);
});
