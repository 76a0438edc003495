import type { JobKind, JobState } from '../../core/boxJob/jobFiles';
import { JOB_FILES } from '../../core/boxJob/jobFiles';
import type { Target } from '../target';

/** A job's state.json; undefined while it is missing, unreadable or not a state (a box's disk may say anything). */
export async function readJobState<S extends JobState>(
  target: Target,
  dir: string,
  kind: JobKind<S>,
): Promise<S | undefined> {
  try {
    const parsed = kind.state.safeParse(
      JSON.parse((await target.readFile(`${dir}/${JOB_FILES.state}`)).toString('utf8')),
    );
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Writes state.json in the script's place, atomically as the script does (temp file + rename). */
export async function writeJobState(target: Target, dir: string, state: JobState): Promise<void> {
  const tmp = `${dir}/.state.json.stop`;
  await target.writeFile(tmp, `${JSON.stringify(state)}\n`);
  const r = await target.exec(['mv', '-f', '--', tmp, `${dir}/${JOB_FILES.state}`], { timeoutMs: 15_000 });
  if (r.code !== 0) throw new Error(`Cannot write ${dir}/${JOB_FILES.state}: ${r.stderr.toString().trim()}`);
}
