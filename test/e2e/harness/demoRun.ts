import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from '../../../scripts/lib/codeServer.mjs';

/** Writes the finished demo run into runsRoot with the packaged CLI, as `npm start` does. */
export function writeDemoRun(runsRoot: string, steps: number): void {
  execFileSync(
    process.execPath,
    [join(projectRoot, 'dist', 'cli.js'), 'demo', runsRoot, '--interval-ms', '0', '--steps', String(steps)],
    { stdio: 'ignore' },
  );
}
