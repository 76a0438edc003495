import { JOB_FILES } from '../../core/boxJob/jobFiles';
import type { JobKind } from '../../core/boxJob/jobFiles';
import type { Target } from '../target';

/** A file the job reads, uploaded into its directory before it starts. */
export interface JobFile {
  name: string;
  text: string;
  mode?: number;
}

export interface JobUpload {
  kind: JobKind;
  dir: string;
  /** Written as the kind's record file (run.json, server.json). */
  record: unknown;
  script: string;
  files?: readonly JobFile[];
}

/**
 * Uploads a job's directory (its record, launch.sh, the files it reads) and starts launch.sh detached
 * in its own session, so the job outlives the connection and the editor. Returns the script's pid,
 * which is also its process group and session id.
 */
export async function launchJob(target: Target, job: JobUpload): Promise<number> {
  const { dir } = job;
  const mkdir = await target.exec(['mkdir', '-p', '--', dir], { timeoutMs: 30_000 });
  if (mkdir.code !== 0)
    throw new Error(`Cannot create ${dir} on ${target.label}: ${mkdir.stderr.toString().trim()}`);
  await target.writeFile(`${dir}/${job.kind.record}`, `${JSON.stringify(job.record, null, 2)}\n`);
  await target.writeFile(`${dir}/${JOB_FILES.launch}`, job.script, 0o755);
  for (const file of job.files ?? []) await target.writeFile(`${dir}/${file.name}`, file.text, file.mode);
  const { pid } = await target.startDetached(['bash', `${dir}/${JOB_FILES.launch}`], {
    cwd: dir,
    logPath: `${dir}/${JOB_FILES.console}`,
  });
  return pid;
}
