import type { RunSpec } from '../../core/runspec/runSpec';
import { RUN_FILES } from '../../core/run/runFiles';
import type { Target } from '../target';
import { SECRETS_FILE, TAP_FILE, buildLaunchScript, runRecord } from './launchScript';
import type { LaunchScriptInput } from './launchScript';
import { runDirPath } from './runDirPath';
import { newRunId } from './runId';

/** A launch made ready for review: the script shown to the user is the one that runs. */
export interface PreparedLaunch {
  input: LaunchScriptInput;
  script: string;
}

export function prepareLaunch(spec: RunSpec, toolVersion: string, now = new Date()): PreparedLaunch {
  const input: LaunchScriptInput = {
    spec,
    runId: newRunId(spec.name, now),
    createdAt: now.toISOString(),
    toolVersion,
  };
  return { input, script: buildLaunchScript(input) };
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
}

/**
 * Uploads the run directory (run.json, launch.sh, the tap, the secrets file) and starts launch.sh
 * detached in its own session, so the run outlives the connection and the editor.
 */
export async function launchRun(
  target: Target,
  prepared: PreparedLaunch,
  files: LaunchFiles = {},
): Promise<LaunchResult> {
  const { spec, runId } = prepared.input;
  const runDir = runDirPath(spec.runsRoot, runId, await target.home());
  const mkdir = await target.exec(['mkdir', '-p', '--', runDir], { timeoutMs: 30_000 });
  if (mkdir.code !== 0)
    throw new Error(`Cannot create ${runDir} on ${target.label}: ${mkdir.stderr.toString().trim()}`);
  await target.writeFile(
    `${runDir}/${RUN_FILES.record}`,
    `${JSON.stringify(runRecord(prepared.input), null, 2)}\n`,
  );
  await target.writeFile(`${runDir}/${RUN_FILES.launch}`, prepared.script, 0o755);
  if (spec.tap) {
    if (files.tapSource === undefined)
      throw new Error('The tap is on but its source was not given to the launch.');
    await target.writeFile(`${runDir}/${TAP_FILE}`, files.tapSource);
  }
  const secrets = spec.secretEnv.filter((name) => files.secrets?.[name] !== undefined);
  if (secrets.length > 0) {
    const pairs = secrets.map((name) => {
      const value = files.secrets?.[name] as string;
      if (value.includes('\0'))
        throw new Error(`The secret ${name} contains a NUL byte and cannot be passed.`);
      return `${name}\0${value}\0`;
    });
    await target.writeFile(`${runDir}/${SECRETS_FILE}`, pairs.join(''), 0o600);
  }
  const { pid } = await target.startDetached(['bash', `${runDir}/${RUN_FILES.launch}`], {
    cwd: runDir,
    logPath: `${runDir}/${RUN_FILES.console}`,
  });
  return { runId, runDir, pid };
}
