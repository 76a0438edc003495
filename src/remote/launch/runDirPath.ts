import { quoteArgv } from '../quoteArgv';
import { DEFAULT_RUNS_ROOT } from '../../core/runspec/runSpec';

/**
 * Where a run lives, as a shell expression: `~/x` becomes `"$HOME"/'x'` so the printed script works on
 * any box without knowing its home directory, while an absolute root is quoted as it is.
 */
export function runDirShell(runsRoot: string | undefined, runId: string): string {
  const root = (runsRoot ?? DEFAULT_RUNS_ROOT).replace(/\/+$/, '');
  if (root === '~') return `"$HOME"/${quoteArgv([runId])}`;
  if (root.startsWith('~/')) return `"$HOME"/${quoteArgv([`${root.slice(2)}/${runId}`])}`;
  return quoteArgv([`${root}/${runId}`]);
}

/** The same directory as a path, once the box's home directory is known. */
export function runDirPath(runsRoot: string | undefined, runId: string, home: string): string {
  const root = (runsRoot ?? DEFAULT_RUNS_ROOT).replace(/\/+$/, '');
  if (root === '~') return `${home}/${runId}`;
  if (root.startsWith('~/')) return `${home}/${root.slice(2)}/${runId}`;
  return `${root}/${runId}`;
}
