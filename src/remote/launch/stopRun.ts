import { RUN_FILES, RunStateSchema } from '../../core/run/runFiles';
import type { RunState } from '../../core/run/runFiles';
import type { Target } from '../target';
import { isLauncher, killTagged } from './taggedProcesses';

export interface StopOptions {
  /** How long the launch script gets to stop its job (it has its own grace) before we kill. */
  graceMs?: number;
  pollMs?: number;
}

export type StopOutcome =
  | { kind: 'already-exited' }
  /** The launch script stopped its job and recorded the exit itself. */
  | { kind: 'stopped'; state: RunState }
  /** The script did not finish in time (or was gone); its tagged processes were killed and state written. */
  | { kind: 'killed'; killed: number[]; state: RunState };

// Only the launch script and processes tagged with ROLLOUT_STUDIO_RUN_ID=<id> are ever signalled
// (taggedProcesses.ts).

/**
 * Stops a run that this tool launched: SIGTERM to its launch script, which stops the job (`ray job
 * stop` for a submission), waits its grace period, stops a Ray head it started and writes state.json.
 * If the script does not finish within graceMs, or is already gone, the run's own processes are
 * killed and state.json is written here.
 */
export async function stopRun(
  target: Target,
  runDir: string,
  options: StopOptions = {},
): Promise<StopOutcome> {
  const graceMs = options.graceMs ?? 30_000;
  const pollMs = options.pollMs ?? 250;
  const state = await readState(target, runDir);
  if (!state || state.state === 'exited') return { kind: 'already-exited' };
  const runId = await readRunId(target, runDir);

  const wrapperAlive =
    state.pid !== undefined && (await isLauncher(target, state.pid, `${runDir}/${RUN_FILES.launch}`));
  if (wrapperAlive && state.pid !== undefined) {
    await target.exec(['kill', '-TERM', String(state.pid)], { timeoutMs: 15_000 });
    const deadline = Date.now() + graceMs;
    while (Date.now() < deadline) {
      await sleep(pollMs);
      const now = await readState(target, runDir);
      if (now?.state === 'exited' && !(await isLauncher(target, state.pid, `${runDir}/${RUN_FILES.launch}`)))
        return { kind: 'stopped', state: now };
    }
  }
  // The launch script died without stopping its Ray submission: stop it here (it runs under the Ray
  // cluster, not in our process group).
  if (!wrapperAlive && state.submissionId && typeof state.rayAddress === 'string')
    await target.exec(['ray', 'job', 'stop', '--address', state.rayAddress, state.submissionId], {
      timeoutMs: 60_000,
    });
  // Past the grace period, or the launch script died without cleaning up: kill what carries our tag.
  const killed = await killTagged(target, 'ROLLOUT_STUDIO_RUN_ID', runId);
  const final = (await readState(target, runDir)) ?? state;
  if (final.state === 'exited') return { kind: 'killed', killed, state: final };
  const written: RunState = {
    ...final,
    state: 'exited',
    endedAt: new Date().toISOString(),
    exitCode: null,
    stoppedBy: 'rollout-studio',
  };
  await writeStateAtomically(target, runDir, written);
  return { kind: 'killed', killed, state: written };
}

async function readState(target: Target, runDir: string): Promise<RunState | undefined> {
  try {
    const parsed = RunStateSchema.safeParse(
      JSON.parse((await target.readFile(`${runDir}/${RUN_FILES.state}`)).toString('utf8')),
    );
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

async function readRunId(target: Target, runDir: string): Promise<string> {
  const record = JSON.parse((await target.readFile(`${runDir}/${RUN_FILES.record}`)).toString('utf8')) as {
    id?: unknown;
  };
  if (typeof record.id !== 'string' || record.id === '') throw new Error(`${runDir}/run.json has no run id`);
  return record.id;
}

async function writeStateAtomically(target: Target, runDir: string, state: RunState): Promise<void> {
  const tmp = `${runDir}/.state.json.stop`;
  await target.writeFile(tmp, `${JSON.stringify(state)}\n`);
  const r = await target.exec(['mv', '-f', '--', tmp, `${runDir}/${RUN_FILES.state}`], { timeoutMs: 15_000 });
  if (r.code !== 0) throw new Error(`Cannot write ${runDir}/state.json: ${r.stderr.toString().trim()}`);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
