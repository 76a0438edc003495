import { RUN_FILES, RunRecordSchema, RunStateSchema, describeIssues } from '../core/run/runFiles';
import type { RunRecord, RunState } from '../core/run/runFiles';
import { reconcileRuns } from './runLiveness';
import type { ScriptGone, UnrecordedEnd } from './runLiveness';
import { resolveTargetPath } from './target';
import type { Target } from './target';

export interface DiscoveredRun {
  dir: string;
  record: RunRecord;
  /** undefined when the launch wrapper has not written state.json yet. */
  state: RunState | undefined;
  /**
   * Set when state.json said starting or running but the launch script and its process group are
   * gone: state then reads exited with no exit code.
   */
  unrecordedEnd?: UnrecordedEnd;
  /**
   * Set when the launch script is gone but the Ray job it submitted still runs: state stays as
   * recorded (the run is not over) and Stop stops the job through Ray.
   */
  scriptGone?: ScriptGone;
  rolloutsBytes: number;
}

export interface DiscoveryProblem {
  path: string;
  message: string;
}

export interface Discovery {
  root: string;
  runs: DiscoveredRun[];
  problems: DiscoveryProblem[];
}

/**
 * Reads every run directory under root. A directory whose files cannot be read becomes a problem
 * entry naming the file and field, and discovery goes on with the rest.
 */
export async function discoverRuns(target: Target, rootSetting: string): Promise<Discovery> {
  const root = await resolveTargetPath(target, rootSetting);
  const found: Discovery = { root, runs: [], problems: [] };
  const rootStat = await target.stat(root);
  if (!rootStat?.isDirectory) return found;
  const entries = (await target.readDir(root)).filter((e) => e.isDirectory);
  entries.sort((a, b) => a.name.localeCompare(b.name));
  await Promise.all(
    entries.map(async (entry) => {
      const dir = `${root}/${entry.name}`;
      const run = await readRun(target, dir, found.problems);
      if (run) found.runs.push(run);
    }),
  );
  await reconcileRuns(target, found.runs);
  found.runs.sort((a, b) => b.record.createdAt.localeCompare(a.record.createdAt));
  return found;
}

async function readRun(
  target: Target,
  dir: string,
  problems: DiscoveryProblem[],
): Promise<DiscoveredRun | undefined> {
  const recordPath = `${dir}/${RUN_FILES.record}`;
  const record = await readJson(target, recordPath, problems);
  if (record === undefined) return undefined;
  const parsedRecord = RunRecordSchema.safeParse(record);
  if (!parsedRecord.success) {
    problems.push({ path: recordPath, message: describeIssues(parsedRecord.error) });
    return undefined;
  }
  const statePath = `${dir}/${RUN_FILES.state}`;
  let state: RunState | undefined;
  if (await target.stat(statePath)) {
    const raw = await readJson(target, statePath, problems);
    const parsedState = RunStateSchema.safeParse(raw);
    if (parsedState.success) state = parsedState.data;
    else if (raw !== undefined)
      problems.push({ path: statePath, message: describeIssues(parsedState.error) });
  }
  const rollouts = await target.stat(`${dir}/${RUN_FILES.rollouts}`);
  return { dir, record: parsedRecord.data, state, rolloutsBytes: rollouts?.size ?? 0 };
}

async function readJson(target: Target, path: string, problems: DiscoveryProblem[]): Promise<unknown> {
  let text: string;
  try {
    text = (await target.readFile(path)).toString('utf8');
  } catch (e) {
    problems.push({ path, message: `cannot read: ${(e as Error).message}` });
    return undefined;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    problems.push({ path, message: `not valid JSON: ${(e as Error).message}` });
    return undefined;
  }
}
