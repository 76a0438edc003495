import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, expect, test } from 'vitest';
import { probeTau2Commit } from '../../../src/remote/eval/tau2Commit';
import { LocalTarget } from '../../../src/remote/localTarget';

// The probe asks the Python that runs eval.py which tau2-bench it imports. Its Python path comes from
// PYTHONPATH here, as it would from an install on a box.
const dir = mkdtempSync(join(tmpdir(), 'rs-tau2-commit-'));
const saved = process.env.PYTHONPATH;
afterEach(() => {
  if (saved === undefined) delete process.env.PYTHONPATH;
  else process.env.PYTHONPATH = saved;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const target = new LocalTarget();
const PIN = '337326e62d8e0ca74c353b004a9c5d748e0ba914';

function folder(name: string): string {
  const path = join(dir, name);
  mkdirSync(path, { recursive: true });
  return path;
}

test('a source checkout (editable install) answers with its git HEAD', async () => {
  const repo = folder('tau2-bench');
  mkdirSync(join(repo, 'src/tau2'), { recursive: true });
  writeFileSync(join(repo, 'src/tau2/__init__.py'), '');
  const git = (...args: string[]) =>
    execFileSync('git', ['-C', repo, '-c', 'user.name=t', '-c', 'user.email=t@t', ...args], {
      encoding: 'utf8',
    });
  git('init', '-q');
  git('add', '.');
  git('commit', '-qm', 'tau2');
  process.env.PYTHONPATH = join(repo, 'src');
  expect(await probeTau2Commit(target, folder('slime-a'), 'python3')).toEqual({
    commit: git('rev-parse', 'HEAD').trim(),
    source: `git checkout at ${join(repo, 'src/tau2')}`,
  });
});

test("a pip install from git answers with pip's direct_url.json", async () => {
  const site = folder('site-packages');
  mkdirSync(join(site, 'tau2'));
  writeFileSync(join(site, 'tau2/__init__.py'), '');
  mkdirSync(join(site, 'tau2-0.2.0.dist-info'));
  writeFileSync(
    join(site, 'tau2-0.2.0.dist-info/METADATA'),
    'Metadata-Version: 2.1\nName: tau2\nVersion: 0.2.0\n',
  );
  writeFileSync(
    join(site, 'tau2-0.2.0.dist-info/direct_url.json'),
    JSON.stringify({
      url: 'https://github.com/sierra-research/tau2-bench',
      vcs_info: { vcs: 'git', commit_id: PIN },
    }),
  );
  process.env.PYTHONPATH = site;
  expect(await probeTau2Commit(target, folder('slime-b'), 'python3')).toEqual({
    commit: PIN,
    source: 'pip direct_url.json of tau2 0.2.0',
  });
});

test('a tau2 folder in the slime checkout is not what eval.py imports; nothing installed is unknown', async () => {
  delete process.env.PYTHONPATH;
  const slime = folder('slime-c');
  mkdirSync(join(slime, 'tau2'));
  writeFileSync(join(slime, 'tau2/__init__.py'), '');
  expect(await probeTau2Commit(target, slime, 'python3')).toEqual({
    commit: null,
    source: 'tau2 is not importable by this Python',
  });
});

test('a Python that does not run is named', async () => {
  const result = await probeTau2Commit(target, folder('slime-d'), 'python-that-is-not-there');
  expect(result.commit).toBeNull();
  expect(result.source).toMatch(/^python-that-is-not-there could not be asked on local: /);
});
