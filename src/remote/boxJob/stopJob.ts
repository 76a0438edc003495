import type { JobKind, JobState } from '../../core/boxJob/jobFiles';
import { JOB_FILES } from '../../core/boxJob/jobFiles';
import type { Target } from '../target';
import { readJobState, writeJobState } from './jobState';
import { isLauncher, killTagged } from './taggedProcesses';

export interface StopOptions {
  /** How long the launch script gets to stop its job (it has its own grace) before we kill. */
  graceMs?: number;
  pollMs?: number;
}

export type StopOutcome<S extends JobState = JobState> =
  | { kind: 'already-exited' }
  /** The launch script stopped its job and recorded the exit itself. */
  | { kind: 'stopped'; state: S }
  /** The script did not finish in time (or was gone); its tagged processes were killed and state written. */
  | { kind: 'killed'; killed: number[]; state: S };

/**
 * What stops the part of a job that runs outside its process group (a Ray submission) when the launch
 * script is gone and cannot stop it itself.
 */
export type ScriptGoneStop<S> = (state: S) => Promise<void>;

/**
 * Stops a job this tool launched: SIGTERM to its launch script, which stops the job, waits its grace
 * period, cleans its own process group and writes state.json. If the script does not finish within
 * graceMs, or is already gone, the processes tagged with the job's id (kind.tag) are killed and
 * state.json is written here. Only the launch script and processes carrying the tag are ever
 * signalled (taggedProcesses.ts): nothing else on the box is touched.
 */
export async function stopJob<S extends JobState>(
  target: Target,
  dir: string,
  kind: JobKind<S>,
  options: StopOptions = {},
  scriptGone?: ScriptGoneStop<S>,
): Promise<StopOutcome<S>> {
  const graceMs = options.graceMs ?? 30_000;
  const pollMs = options.pollMs ?? 250;
  const state = await readJobState(target, dir, kind);
  if (!state || state.state === 'exited') return { kind: 'already-exited' };
  const id = await readJobId(target, dir, kind);
  const script = `${dir}/${JOB_FILES.launch}`;

  const scriptAlive = state.pid !== undefined && (await isLauncher(target, state.pid, script));
  if (scriptAlive && state.pid !== undefined) {
    await target.exec(['kill', '-TERM', String(state.pid)], { timeoutMs: 15_000 });
    const deadline = Date.now() + graceMs;
    while (Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, pollMs));
      const now = await readJobState(target, dir, kind);
      if (now?.state === 'exited' && !(await isLauncher(target, state.pid, script)))
        return { kind: 'stopped', state: now };
    }
  }
  if (!scriptAlive) await scriptGone?.(state);
  // Past the grace period, or the launch script died without cleaning up: kill what carries our tag.
  const killed = await killTagged(target, kind.tag, id);
  const final = (await readJobState(target, dir, kind)) ?? state;
  if (final.state === 'exited') return { kind: 'killed', killed, state: final };
  const written: S = {
    ...final,
    state: 'exited',
    endedAt: new Date().toISOString(),
    exitCode: null,
    stoppedBy: 'rollout-studio',
  };
  await writeJobState(target, dir, written);
  return { kind: 'killed', killed, state: written };
}

async function readJobId(target: Target, dir: string, kind: JobKind): Promise<string> {
  const path = `${dir}/${kind.record}`;
  const record = JSON.parse((await target.readFile(path)).toString('utf8')) as { id?: unknown };
  if (typeof record.id !== 'string' || record.id === '') throw new Error(`${path} has no ${kind.noun} id`);
  return record.id;
}
