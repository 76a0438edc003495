import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { expect, test } from 'vitest';
import {
  UnsupportedLoginShellError,
  classifyLoginShell,
  commandForLoginShell,
} from '../../../src/remote/loginShell';
import { quoteArgv } from '../../../src/remote/quoteArgv';

// fish is installed by the test setup (scripts/lib/ensureSetup.mjs), as sshd is for the box tests.

test('the probe tells sh-like shells, fish and the csh family apart', () => {
  expect(classifyLoginShell('/bin/bash|a\\\\b', 'gpu')).toEqual({ path: '/bin/bash', kind: 'posix' });
  expect(classifyLoginShell('/usr/bin/zsh|a\\\\b', 'gpu').kind).toBe('posix');
  expect(classifyLoginShell('/usr/bin/fish|a\\b', 'gpu')).toEqual({ path: '/usr/bin/fish', kind: 'fish' });
  // fish behind another $SHELL (a ForceCommand) is recognised by how it read the quotes.
  expect(classifyLoginShell('/bin/bash|a\\b', 'gpu').kind).toBe('fish');
  expect(() => classifyLoginShell('/bin/tcsh|a\\\\b', 'gpu')).toThrow(UnsupportedLoginShellError);
  expect(() => classifyLoginShell('/bin/tcsh|a\\\\b', 'gpu')).toThrow(
    /login shell on gpu is \/bin\/tcsh.*chsh/,
  );
  expect(classifyLoginShell('', 'gpu').kind).toBe('posix');
});

test('the probe itself reads the same in sh and fish as the classifier expects', () => {
  const probe = `printf '%s|%s' "$SHELL" 'a\\\\b'`;
  for (const [shell, kind] of [
    ['/bin/sh', 'posix'],
    ['/usr/bin/fish', 'fish'],
  ] as const) {
    const r = spawnSync(shell, ['-c', probe], {
      env: { SHELL: shell, PATH: '/usr/bin:/bin' },
      encoding: 'utf8',
    });
    expect(classifyLoginShell(r.stdout, 'gpu').kind).toBe(kind);
  }
});

const word = fc
  .string({ unit: 'binary', maxLength: 16 })
  .filter((s) => Buffer.from(s).toString() === s && !s.includes('\0'));
const nasty = fc.constantFrom(
  "'",
  '\\',
  "\\'",
  '\\\\',
  '"',
  '$HOME',
  '$(id)',
  '`id`',
  '\n',
  '*',
  ';',
  '(',
  '{a,b}',
  '~',
);

test(
  'an sh command line sent to a fish login shell runs with every word byte for byte',
  { timeout: 60_000 },
  () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(word, nasty), { minLength: 1, maxLength: 6 }), (words) => {
        const command = quoteArgv(['printf', '%s\\0', ...words]);
        const sent = commandForLoginShell(command, { path: '/usr/bin/fish', kind: 'fish' });
        const r = spawnSync('fish', ['--no-config', '-c', sent], { encoding: 'buffer' });
        expect(r.status, r.stderr.toString()).toBe(0);
        expect(r.stdout.toString('utf8')).toBe(words.map((w) => `${w}\0`).join(''));
      }),
      { numRuns: 60 },
    );
    // Without the wrapper fish changes a backslash pair: the reason for it.
    const plain = spawnSync('fish', ['--no-config', '-c', quoteArgv(['printf', '%s', 'a\\\\b'])], {
      encoding: 'utf8',
    });
    expect(plain.stdout).toBe('a\\b');
  },
);
