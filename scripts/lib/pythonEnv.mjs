// The Python virtual environment the tests use (pytest, and upstream packages used as oracles), under
// the cache folder, built from the pinned test/python/requirements.txt. Uses only Node built-ins.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cacheRoot, cleanInstallEnv } from './cacheDir.mjs';

const here = import.meta.dirname;
export const requirementsFile = join(here, '..', '..', 'test', 'python', 'requirements.txt');
/** SGLang releases, each installed alone into `<env>/sglang/<version>`: they cannot share one site-packages. */
export const sglangReleasesFile = join(here, '..', '..', 'test', 'python', 'sglang-releases.txt');

/** One folder per content of the pin files: editing the pins builds a new environment. */
export function pythonEnvDir(env = process.env) {
  const hash = createHash('sha256')
    .update(readFileSync(requirementsFile))
    .update(readFileSync(sglangReleasesFile))
    .digest('hex')
    .slice(0, 12);
  return join(cacheRoot(env), `python-${hash}`);
}

/** The pinned SGLang releases, as `version -> requirement line` (with its hash). */
export function sglangReleases() {
  const releases = new Map();
  for (const line of readFileSync(sglangReleasesFile, 'utf8').split('\n')) {
    const m = /^sglang==(\S+)\s/.exec(line);
    if (m) releases.set(m[1], line.trim());
  }
  return releases;
}

/** Where one pinned SGLang release is installed (sys.path root for media/sglang_verdict.py). */
export function sglangReleaseDir(version, env = process.env) {
  return join(pythonEnvDir(env), 'sglang', version);
}

/**
 * Returns the venv's python, creating the venv first when it is missing or incomplete. A venv is not
 * relocatable (its scripts name their own folder), so it is built in place and counts as usable only
 * once `.complete` is written; anything without it is removed and built again.
 */
export function ensurePythonEnv({ base = 'python3', log = (m) => console.error(m) } = {}) {
  const dir = pythonEnvDir();
  const python = join(dir, 'bin', 'python');
  if (existsSync(join(dir, '.complete')) && existsSync(python)) return python;
  rmSync(dir, { recursive: true, force: true });
  log(`creating the Python test environment in ${dir}`);
  const env = { ...cleanInstallEnv(), PIP_DISABLE_PIP_VERSION_CHECK: '1', PIP_NO_INPUT: '1' };
  const step = (cmd, args) => {
    const r = spawnSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], env });
    if (r.status !== 0) {
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`${cmd} ${args.join(' ')} failed (${r.error?.message ?? `exit ${r.status}`})`);
    }
  };
  step(base, ['-m', 'venv', dir]);
  step(python, ['-m', 'pip', 'install', '--quiet', '-r', requirementsFile]);
  for (const [version, requirement] of sglangReleases()) {
    const pins = join(dir, `sglang-${version}.txt`);
    writeFileSync(pins, `${requirement}\n`);
    step(python, [
      '-m',
      'pip',
      'install',
      '--quiet',
      '--no-deps',
      '--require-hashes',
      '--target',
      sglangReleaseDir(version),
      '-r',
      pins,
    ]);
  }
  writeFileSync(join(dir, '.complete'), '');
  return python;
}
