import { readdirSync, readFileSync } from 'node:fs';

/** Running, not a zombie: a container's pid 1 may be slow to reap orphans, which is no sign of life. */
export function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** The command line of every process this user can see, as pid → argv. */
export function commandLines(): Map<number, string[]> {
  const lines = new Map<number, string[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      lines.set(Number(name), readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').slice(0, -1));
    } catch {
      // Gone between listing and reading.
    }
  }
  return lines;
}
