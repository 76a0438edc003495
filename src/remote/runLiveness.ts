import { RUN_FILES, RUN_JOB } from '../core/run/runFiles';
import type { RunState } from '../core/run/runFiles';
import { readJobState } from './boxJob/jobState';
import type { Target } from './target';

// state.json says what launch.sh last recorded. A script killed outright (SIGKILL, the OOM killer, a
// reboot) records nothing, so a run would read "running" for ever: discovery compares what is recorded
// with the processes the box has and says so when they disagree.

/** How many lines of console.log come with a run that ended without recording its exit. */
const LAST_LINES = 12;

/** What is known of a run whose launch script is gone while its state.json says it is not over. */
export interface UnrecordedEnd {
  /** The end of console.log: what the job printed last (often why it died). */
  lastLines: string[];
}

interface Live {
  pids: Set<number>;
  pgids: Set<number>;
}

/** Process ids and process groups on the target, from one `ps`; undefined when ps cannot say. */
async function liveProcesses(target: Target): Promise<Live | undefined> {
  const r = await target
    .exec(['ps', '-e', '-o', 'pid=', '-o', 'pgid=', '-o', 'stat='], { timeoutMs: 20_000 })
    .catch(() => undefined);
  if (!r || r.code !== 0) return undefined;
  const live: Live = { pids: new Set(), pgids: new Set() };
  for (const line of r.stdout.toString('utf8').split('\n')) {
    const [pid, pgid, stat] = line.trim().split(/\s+/);
    // A zombie has ended; it lingers only until its parent (on some boxes, nobody) reaps it.
    if (!pid || !pgid || stat?.startsWith('Z')) continue;
    live.pids.add(Number(pid));
    live.pgids.add(Number(pgid));
  }
  return live;
}

/** A run whose launch script is gone while the Ray job it submitted still runs (head and cluster modes). */
export interface ScriptGone {
  /** What Ray says of the job: RUNNING or PENDING. */
  rayJob: string;
}

export interface RecordedRun {
  dir: string;
  state: RunState | undefined;
  unrecordedEnd?: UnrecordedEnd;
  scriptGone?: ScriptGone;
}

/**
 * Marks every run whose state.json says starting or running but whose script and process group are
 * gone as exited without a recorded exit (exitCode null), with the last lines of its console. A run
 * whose state.json has no pid, or a box where ps fails, is left as recorded. A Ray submission runs under
 * the Ray cluster, outside the script's process group: when the script is gone, Ray is asked, and a job
 * it still runs keeps the run open, marked scriptGone (Stop then stops the job through Ray).
 */
export async function reconcileRuns(target: Target, runs: RecordedRun[]): Promise<void> {
  const open = runs.filter((r) => r.state && r.state.state !== 'exited' && r.state.pid !== undefined);
  if (open.length === 0) return;
  const live = await liveProcesses(target);
  if (!live) return;
  await Promise.all(
    open.map(async (run) => {
      const s = run.state as RunState;
      const group = s.pgid ?? s.pid;
      if (live.pids.has(s.pid as number)) return;
      const rayJob =
        s.submissionId !== undefined && s.rayAddress !== undefined
          ? await rayJobStatus(target, s.rayAddress, s.submissionId)
          : undefined;
      if (rayJob === 'RUNNING' || rayJob === 'PENDING') {
        const now = await readJobState(target, run.dir, RUN_JOB);
        if (now?.state === 'exited') run.state = now;
        else run.scriptGone = { rayJob };
        return;
      }
      if (group !== undefined && live.pgids.has(group)) return;
      // The script may have recorded its end between the first read and ps: read once more.
      const again = await readJobState(target, run.dir, RUN_JOB);
      if (again?.state === 'exited') {
        run.state = again;
        return;
      }
      run.state = { ...s, state: 'exited', endedAt: null, exitCode: null };
      run.unrecordedEnd = { lastLines: await consoleTail(target, `${run.dir}/${RUN_FILES.console}`) };
    }),
  );
}

/**
 * How long a job Ray said was running is taken as still running: discovery refreshes every few seconds,
 * and each `ray job status` starts a Python that imports Ray on the box.
 */
const RAY_ASKED_TTL_MS = 30_000;
const runningJobs = new Map<string, { status: string; at: number }>();

/**
 * The status Ray gives a job (PENDING, RUNNING, SUCCEEDED, FAILED, STOPPED), from `ray job status` on
 * the box, as the launch script and Stop use Ray; undefined when Ray cannot be reached or does not know it.
 * Ray prints "Status for job '<id>': RUNNING" for a job not over, and a sentence for one that is.
 */
async function rayJobStatus(target: Target, address: string, id: string): Promise<string | undefined> {
  const key = JSON.stringify([target.label, address, id]);
  const known = runningJobs.get(key);
  if (known && Date.now() - known.at < RAY_ASKED_TTL_MS) return known.status;
  runningJobs.delete(key);
  const status = await askRay(target, address, id);
  if (status === 'RUNNING' || status === 'PENDING') runningJobs.set(key, { status, at: Date.now() });
  return status;
}

async function askRay(target: Target, address: string, id: string): Promise<string | undefined> {
  const r = await target
    .exec(['ray', 'job', 'status', '--address', address, id], { timeoutMs: 60_000 })
    .catch(() => undefined);
  if (!r || r.code !== 0) return undefined;
  const out = `${r.stdout.toString('utf8')}\n${r.stderr.toString('utf8')}`;
  const open = /Status for job '[^']*': (?:JobStatus\.)?([A-Z]+)/.exec(out);
  if (open) return open[1];
  if (out.includes(`Job '${id}' succeeded`)) return 'SUCCEEDED';
  if (out.includes(`Job '${id}' failed`)) return 'FAILED';
  if (out.includes(`Job '${id}' was stopped`)) return 'STOPPED';
  return undefined;
}

async function consoleTail(target: Target, path: string): Promise<string[]> {
  const r = await target
    .exec(['tail', '-n', String(LAST_LINES), '--', path], { timeoutMs: 20_000 })
    .catch(() => undefined);
  if (!r || r.code !== 0) return [];
  return r.stdout.toString('utf8').replace(/\n$/, '').split('\n');
}
