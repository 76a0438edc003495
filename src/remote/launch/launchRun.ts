import { RUN_JOB } from '../../core/run/runFiles';
import { DEFAULT_RUNS_ROOT } from '../../core/runspec/runSpec';
import type { RunSpec } from '../../core/runspec/runSpec';
import { jobDirPath } from '../boxJob/jobDir';
import { launchJob } from '../boxJob/launchJob';
import type { JobFile } from '../boxJob/launchJob';
import { prepareJob } from '../boxJob/prepareJob';
import type { PreparedJob } from '../boxJob/prepareJob';
import type { Target } from '../target';
import { SECRETS_FILE, TAP_FILE, buildLaunchScript, runRecord } from './launchScript';

/** A launch made ready for review: the script shown to the user is the one that runs. */
export type PreparedLaunch = PreparedJob<RunSpec>;

/** `runId` is given when what the run is started with names its directory (an eval's report). */
export function prepareLaunch(
  spec: RunSpec,
  toolVersion: string,
  now = new Date(),
  runId?: string,
): PreparedLaunch {
  return prepareJob(spec, toolVersion, buildLaunchScript, now, runId);
}

export interface LaunchResult {
  runId: string;
  runDir: string;
  /** The launch script's pid, which is also its process group and session id. */
  pid: number;
}

export interface LaunchFiles {
  /** media/tap/rollout_studio_tap.py, uploaded next to the run when the spec's tap is on. */
  tapSource?: string;
  /** Values of the spec's secretEnv names; they travel only in a 0600 file the script deletes. */
  secrets?: Readonly<Record<string, string>>;
  /** More files the run reads from its directory (an eval's provenance). */
  more?: readonly JobFile[];
}

/** A run's directory on a box whose home directory is `home`. */
export function runDirPath(runsRoot: string | undefined, runId: string, home: string): string {
  return jobDirPath(runsRoot ?? DEFAULT_RUNS_ROOT, runId, home);
}

/**
 * Launches a run as a box job (launchJob): run.json, launch.sh, the tap and the secrets file go into its
 * directory, and launch.sh starts detached, so the run outlives the connection and the editor.
 */
export async function launchRun(
  target: Target,
  prepared: PreparedLaunch,
  files: LaunchFiles = {},
): Promise<LaunchResult> {
  const { spec, id: runId } = prepared.input;
  const runDir = runDirPath(spec.runsRoot, runId, await target.home());
  const upload: JobFile[] = [...(files.more ?? [])];
  if (spec.tap) {
    if (files.tapSource === undefined)
      throw new Error('The tap is on but its source was not given to the launch.');
    upload.push({ name: TAP_FILE, text: files.tapSource });
  }
  const secrets = spec.secretEnv.filter((name) => files.secrets?.[name] !== undefined);
  if (secrets.length > 0) {
    const pairs = secrets.map((name) => {
      const value = files.secrets?.[name] as string;
      if (value.includes('\0'))
        throw new Error(`The secret ${name} contains a NUL byte and cannot be passed.`);
      return `${name}\0${value}\0`;
    });
    upload.push({ name: SECRETS_FILE, text: pairs.join(''), mode: 0o600 });
  }
  const pid = await launchJob(target, {
    kind: RUN_JOB,
    dir: runDir,
    record: runRecord(prepared.input),
    script: prepared.script,
    files: upload,
  });
  return { runId, runDir, pid };
}
