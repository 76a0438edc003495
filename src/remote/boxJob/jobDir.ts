import { quoteArgv } from '../quoteArgv';

/**
 * Where a job lives, as a shell expression: `~/x` becomes `"$HOME"/'x'` so the printed script works on
 * any box without knowing its home directory, while an absolute root is quoted as it is.
 */
export function jobDirShell(root: string, id: string): string {
  const r = root.replace(/\/+$/, '');
  if (r === '~') return `"$HOME"/${quoteArgv([id])}`;
  if (r.startsWith('~/')) return `"$HOME"/${quoteArgv([`${r.slice(2)}/${id}`])}`;
  return quoteArgv([`${r}/${id}`]);
}

/** The same directory as a path, once the box's home directory is known. */
export function jobDirPath(root: string, id: string, home: string): string {
  const r = root.replace(/\/+$/, '');
  if (r === '~') return `${home}/${id}`;
  if (r.startsWith('~/')) return `${home}/${r.slice(2)}/${id}`;
  return `${r}/${id}`;
}
