import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Tau2Checkout {
  /** The folder to put on the box's PYTHONPATH, so `import tau2` finds the checkout. */
  src: string;
  head: string;
  remove(): void;
}

/**
 * A tau2-bench source checkout as the cookbook's editable install leaves it (a git work tree with the
 * package under src/), for the eval's tau2-bench commit probe. Made when the test file loads, since the
 * box's environment is fixed before its tests start.
 */
export function tau2Checkout(): Tau2Checkout {
  const dir = mkdtempSync(join(tmpdir(), 'rs-tau2-'));
  mkdirSync(join(dir, 'src/tau2'), { recursive: true });
  writeFileSync(join(dir, 'src/tau2/__init__.py'), '');
  const git = (...args: string[]) =>
    execFileSync('git', ['-C', dir, '-c', 'user.name=t', '-c', 'user.email=t@t', ...args], {
      encoding: 'utf8',
    });
  git('init', '-q');
  git('add', '.');
  git('commit', '-qm', 'tau2');
  return {
    src: join(dir, 'src'),
    head: git('rev-parse', 'HEAD').trim(),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
