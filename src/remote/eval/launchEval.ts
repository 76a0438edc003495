import type { EvalProvenance } from '../../core/eval/evalProvenance';
import { EVAL_FILES } from '../../core/eval/evalProvenance';
import { evalRunSpec } from '../../core/eval/evalRunSpec';
import type { EvalRunPlace } from '../../core/eval/evalRunSpec';
import type { EvalSettings } from '../../core/eval/evalSettings';
import { buildLaunchScript } from '../launch/launchScript';
import { launchRun } from '../launch/launchRun';
import type { LaunchResult, PreparedLaunch } from '../launch/launchRun';
import { runDirPath } from '../launch/runDirPath';
import { newRunId } from '../launch/runId';
import type { Target } from '../target';
import { probeTau2Commit } from './tau2Commit';

export interface EvalLaunchInput {
  settings: EvalSettings;
  place: EvalRunPlace;
  stage: string;
  checkpoint: EvalProvenance['checkpoint'];
  /** The policy server's /generate URL as the box reaches it. */
  policyUrl: string;
  toolVersion: string;
}

export interface PreparedEval {
  launch: PreparedLaunch;
  provenance: EvalProvenance;
}

/**
 * The eval as a run: its report goes into its own run directory, so the id and the directory are fixed
 * before the script is built (the script shown for review is the one that runs).
 */
export async function prepareEval(
  target: Target,
  input: EvalLaunchInput,
  now = new Date(),
): Promise<PreparedEval> {
  const runId = newRunId(input.place.name, now);
  const runDir = runDirPath(input.place.runsRoot, runId, await target.home());
  const spec = evalRunSpec(input.settings, input.place, {
    hfCheckpoint: input.checkpoint.hfCheckpoint,
    policyUrl: input.policyUrl,
    output: `${runDir}/${EVAL_FILES.report}`,
  });
  const launchInput = { spec, runId, createdAt: now.toISOString(), toolVersion: input.toolVersion };
  const tau2 = await probeTau2Commit(target, input.place.workdir, input.place.python);
  return {
    launch: { input: launchInput, script: buildLaunchScript(launchInput) },
    provenance: {
      v: 1,
      stage: input.stage,
      checkpoint: input.checkpoint,
      settings: input.settings,
      tau2,
      policyUrl: input.policyUrl,
      createdAt: now.toISOString(),
    },
  };
}

/**
 * Records what the eval runs with in its run directory, then launches it detached like any run
 * (launchRun). The user simulator's key, for an endpoint, reaches the box only in the run's 0600
 * secrets file, which launch.sh reads and deletes.
 */
export async function launchEval(
  target: Target,
  prepared: PreparedEval,
  userSimulatorKey?: string,
): Promise<LaunchResult> {
  const { spec, runId } = prepared.launch.input;
  const runDir = runDirPath(spec.runsRoot, runId, await target.home());
  const mkdir = await target.exec(['mkdir', '-p', '--', runDir], { timeoutMs: 30_000 });
  if (mkdir.code !== 0)
    throw new Error(`Cannot create ${runDir} on ${target.label}: ${mkdir.stderr.toString().trim()}`);
  await target.writeFile(
    `${runDir}/${EVAL_FILES.provenance}`,
    `${JSON.stringify(prepared.provenance, null, 2)}\n`,
  );
  const [keyEnv] = spec.secretEnv;
  const secrets: Record<string, string> = {};
  if (keyEnv !== undefined && userSimulatorKey !== undefined) secrets[keyEnv] = userSimulatorKey;
  return launchRun(target, prepared.launch, { secrets });
}
