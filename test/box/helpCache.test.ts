import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, test } from 'vitest';
import { HelpFlagCache } from '../../src/core/runspec/helpFlagCache';
import { lintSpec } from '../../src/core/runspec/lintSpec';
import { RunSpecSchema } from '../../src/core/runspec/runSpec';
import { boxHelpTable } from '../../src/remote/launch/boxHelpFlags';
import { useTrustedBox } from './harness/trustedBox';

const STANDIN = resolve(__dirname, '../fixtures/box/slime/train.py');
const box = useTrustedBox('rs-helpcache-box-');

/** A workdir holding the stand-in entry; help-runs.log counts each `--help` the box ran. */
function workdir(name: string, git: boolean): string {
  const dir = join(box().dir, name);
  mkdirSync(join(dir, 'slime/utils'), { recursive: true });
  symlinkSync(STANDIN, join(dir, 'train.py'));
  writeFileSync(join(dir, 'slime/utils/arguments.py'), '# slime arguments\n');
  writeFileSync(join(dir, 'help-runs.log'), '');
  if (git) {
    writeFileSync(join(dir, '.gitignore'), 'help-runs.log\n');
    gitIn(dir, 'init', '-q');
    gitIn(dir, 'add', '.');
    commit(dir, 'first');
  }
  return dir;
}
const gitIn = (dir: string, ...args: string[]) =>
  execFileSync('git', ['-C', dir, '-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args]);
const commit = (dir: string, message: string) => gitIn(dir, 'commit', '-q', '--allow-empty', '-m', message);
const helpRuns = (dir: string) => readFileSync(join(dir, 'help-runs.log'), 'utf8').split('\n').length - 1;
const keyFor = (dir: string) => ({ box: 'box', workdir: dir, python: 'python3', entry: 'train.py' });
/** What the editor keeps in global storage, read back as after a restart. */
const restarted = (cache: HelpFlagCache) => HelpFlagCache.fromJSON(JSON.parse(JSON.stringify(cache)));

test('--help runs once per commit: the first lint asks the box, a restart reuses it, a new commit asks again', async () => {
  const { target } = box();
  const dir = workdir('git-checkout', true);
  const head = () => gitIn(dir, 'rev-parse', 'HEAD').toString().trim();

  const cache = new HelpFlagCache();
  const first = await boxHelpTable(target, keyFor(dir), cache);
  expect(first).toMatchObject({ origin: 'box', checkout: `commit ${head().slice(0, 8)}` });
  expect(helpRuns(dir)).toBe(1);
  expect(first.table?.flags.get('--rollout-batch-size')).toBe('value');
  expect(first.table?.flags.get('--colocate')).toBe('bare');
  // The box's table is authoritative: a misspelt flag blocks with "did you mean".
  const spec = RunSpecSchema.parse({
    name: 'lint',
    workdir: dir,
    tap: false,
    args: { '--rollout-batch-size': 2, '--rollout-batch-sise': 4 },
  });
  expect(lintSpec(spec, first.table ? { helpTable: first.table } : {})).toContainEqual(
    expect.objectContaining({
      code: 'RS101',
      severity: 'error',
      flag: '--rollout-batch-sise',
      suggestion: '--rollout-batch-size',
    }),
  );

  const afterRestart = restarted(cache);
  const second = await boxHelpTable(target, keyFor(dir), afterRestart);
  expect(second.origin).toBe('cache');
  expect(second.table?.flags).toEqual(first.table?.flags);
  expect(helpRuns(dir)).toBe(1);

  commit(dir, 'second');
  const third = await boxHelpTable(target, keyFor(dir), afterRestart);
  expect(third).toMatchObject({ origin: 'box', checkout: `commit ${head().slice(0, 8)}` });
  expect(helpRuns(dir)).toBe(2);
  expect((await boxHelpTable(target, keyFor(dir), restarted(afterRestart))).origin).toBe('cache');
  expect(helpRuns(dir)).toBe(2);

  // An uncommitted edit of slime's arguments changes what --help prints, so it asks again.
  writeFileSync(join(dir, 'slime/utils/arguments.py'), '# slime arguments, edited in place\n');
  const edited = await boxHelpTable(target, keyFor(dir), afterRestart);
  expect(edited).toMatchObject({ origin: 'box', checkout: `commit ${head().slice(0, 8)} with local edits` });
  expect(helpRuns(dir)).toBe(3);
  expect((await boxHelpTable(target, keyFor(dir), afterRestart)).origin).toBe('cache');
  expect(helpRuns(dir)).toBe(3);
});

test('outside git the stat of slime/utils/arguments.py keys the cache', async () => {
  const { target } = box();
  const dir = workdir('plain-copy', false);
  const cache = new HelpFlagCache();
  expect(await boxHelpTable(target, keyFor(dir), cache)).toMatchObject({
    origin: 'box',
    checkout: 'an unversioned checkout',
  });
  expect((await boxHelpTable(target, keyFor(dir), restarted(cache))).origin).toBe('cache');
  expect(helpRuns(dir)).toBe(1);
  writeFileSync(join(dir, 'slime/utils/arguments.py'), '# slime arguments with one more flag\n');
  expect((await boxHelpTable(target, keyFor(dir), cache)).origin).toBe('box');
  expect(helpRuns(dir)).toBe(2);
});

test('an entry whose --help is not argparse help yields no table, and is not asked again this session', async () => {
  const { target } = box();
  const dir = join(box().dir, 'broken');
  mkdirSync(dir);
  writeFileSync(join(dir, 'help-runs.log'), '');
  writeFileSync(
    join(dir, 'train.py'),
    'import sys\nopen("help-runs.log", "a").write("help\\n")\nprint("Traceback: no megatron", file=sys.stderr)\nsys.exit(1)\n',
  );
  const cache = new HelpFlagCache();
  expect(await boxHelpTable(target, keyFor(dir), cache)).toMatchObject({ origin: 'unavailable' });
  expect(cache.toJSON().entries).toEqual([]);
  expect((await boxHelpTable(target, keyFor(dir), cache)).table).toBeUndefined();
  expect(helpRuns(dir)).toBe(1);
  // Persisted state never holds a failure, so a restart asks again.
  expect((await boxHelpTable(target, keyFor(dir), restarted(cache))).origin).toBe('unavailable');
  expect(helpRuns(dir)).toBe(2);
  // A workdir that is not there says so, for the review to explain why the bundled table was used.
  expect(await boxHelpTable(target, keyFor(join(dir, 'missing')), cache)).toEqual({
    origin: 'unavailable',
    reason: `no checkout at ${join(dir, 'missing')}`,
  });
});

test('a workdir inside a larger git repository notices each edit of its argument files', async () => {
  const { target } = box();
  const repo = workdir('monorepo', true);
  const dir = join(repo, 'training');
  mkdirSync(join(dir, 'slime/utils'), { recursive: true });
  symlinkSync(STANDIN, join(dir, 'train.py'));
  writeFileSync(join(dir, 'slime/utils/arguments.py'), '# v1\n');
  writeFileSync(join(dir, 'help-runs.log'), '');
  gitIn(repo, 'add', 'training');
  commit(repo, 'training');
  const cache = new HelpFlagCache();
  expect((await boxHelpTable(target, keyFor(dir), cache)).origin).toBe('box');
  writeFileSync(join(dir, 'slime/utils/arguments.py'), '# v2, edited\n');
  expect((await boxHelpTable(target, keyFor(dir), cache)).checkout).toMatch(/with local edits$/);
  // A second edit is another state of the file, so another fingerprint.
  writeFileSync(join(dir, 'slime/utils/arguments.py'), '# v3, edited once more\n');
  expect((await boxHelpTable(target, keyFor(dir), cache)).origin).toBe('box');
  expect(helpRuns(dir)).toBe(3);
});
