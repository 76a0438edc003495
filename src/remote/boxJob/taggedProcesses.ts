import type { Target } from '../target';

// Every process a launch script starts carries its kind's tag variable (JobKind.tag:
// ROLLOUT_STUDIO_RUN_ID=<id> for runs, ROLLOUT_STUDIO_SERVER_ID=<id> for servers) in the environment it
// was started with, and /proc/<pid>/environ keeps that. Nothing else is ever signalled: not by name,
// not by port, not another user's, run's or server's process.
const TAGGED = [
  'tag="$1"; me=$$',
  'for d in /proc/[0-9]*; do',
  '  p=${d#/proc/}',
  '  [ "$p" = "$me" ] && continue',
  '  tr "\\0" "\\n" <"$d/environ" 2>/dev/null | grep -qxF "$tag" && echo "$p"',
  'done',
  'exit 0',
].join('\n');

/** SIGKILLs every process whose start environment holds `name=value`; returns their pids. */
export async function killTagged(target: Target, name: string, value: string): Promise<number[]> {
  const killed: number[] = [];
  // Twice: a dying parent may start a child between listing and killing.
  for (let round = 0; round < 2; round++) {
    const r = await target.exec(['sh', '-c', TAGGED, 'sh', `${name}=${value}`], { timeoutMs: 30_000 });
    const pids = r.stdout
      .toString()
      .split('\n')
      .map(Number)
      .filter((p) => Number.isInteger(p) && p > 1);
    if (pids.length === 0) break;
    await target.exec(['kill', '-KILL', ...pids.map(String)], { timeoutMs: 15_000 });
    killed.push(...pids);
    await new Promise((r) => setTimeout(r, 200));
  }
  return killed;
}

/** True when pid is alive and its command line names scriptPath (so not a reused pid). */
export async function isLauncher(target: Target, pid: number, scriptPath: string): Promise<boolean> {
  const r = await target.exec(['ps', '-o', 'args=', '-p', String(pid)], { timeoutMs: 15_000 });
  return r.code === 0 && r.stdout.toString().includes(scriptPath);
}
