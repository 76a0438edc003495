import { expect, test } from 'vitest';
import { quoteArgv } from '../../../src/remote/quoteArgv';

test('plain words stay bare so commands read well in logs', () => {
  expect(quoteArgv(['python3', '-m', 'slime.train', '--lr', '1e-6', '/runs/a.b'])).toBe(
    'python3 -m slime.train --lr 1e-6 /runs/a.b',
  );
});

test('anything the shell would interpret is single-quoted', () => {
  expect(quoteArgv(['echo', '$HOME', 'a b', '', '~', '*'])).toBe("echo '$HOME' 'a b' '' '~' '*'");
});

test('assignments and leading = are quoted, so they stay arguments', () => {
  expect(quoteArgv(['A=b', '=x'])).toBe("'A=b' '=x'");
});

test("a single quote inside a word is written as '\\''", () => {
  expect(quoteArgv(["it's"])).toBe("'it'\\''s'");
});

test('a NUL byte is refused rather than silently truncated', () => {
  expect(() => quoteArgv(['a\0b'])).toThrow(/NUL/);
});
