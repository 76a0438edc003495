import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { projectRoot } from '../../../scripts/lib/codeServer.mjs';
import { writeDemoRun } from './demoRun';

export interface DemoRun {
  /** The temp folder the run was written into; a test may keep files of its own there. */
  home: string;
  /** The run's directory. */
  dir: string;
  /** Its rollouts.jsonl. */
  records: string;
  /** Its console.log, with slime's Timer and perf lines. */
  consoleLog: string;
}

/**
 * The finished demo run of `steps` trained steps for the viewer pages of a describe block: the bundles are
 * built from the sources first (the pages load the webview bundle, the run comes from the CLI's), the run
 * is written into a temp folder before the tests and removed after them.
 */
export function useDemoRun(steps: number): () => DemoRun {
  let run: DemoRun | undefined;
  beforeAll(() => {
    const home = mkdtempSync(join(tmpdir(), 'rs-demo-run-'));
    execFileSync('npm', ['run', '--silent', 'build'], { cwd: projectRoot, stdio: 'ignore' });
    writeDemoRun(home, steps);
    const dir = join(home, 'demo-tau2-grpo-qwen3-4b');
    run = {
      home,
      dir,
      records: readFileSync(join(dir, 'rollouts.jsonl'), 'utf8'),
      consoleLog: readFileSync(join(dir, 'console.log'), 'utf8'),
    };
  });
  afterAll(() => {
    if (run) rmSync(run.home, { recursive: true, force: true });
  });
  return () => {
    if (!run) throw new Error('the demo run was not written');
    return run;
  };
}
