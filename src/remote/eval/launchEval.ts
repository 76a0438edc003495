import type { EvalProvenance } from '../../core/eval/evalProvenance';
import { EVAL_FILES } from '../../core/eval/evalProvenance';
import { evalRunSpec } from '../../core/eval/evalRunSpec';
import type { EvalRunPlace } from '../../core/eval/evalRunSpec';
import type { EvalSettings } from '../../core/eval/evalSettings';
import { newJobId } from '../boxJob/jobId';
import { launchRun, prepareLaunch, runDirPath } from '../launch/launchRun';
import type { LaunchResult, PreparedLaunch } from '../launch/launchRun';
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
  const runId = newJobId(input.place.name, now);
  const runDir = runDirPath(input.place.runsRoot, runId, await target.home());
  const spec = evalRunSpec(input.settings, input.place, {
    hfCheckpoint: input.checkpoint.hfCheckpoint,
    policyUrl: input.policyUrl,
    output: `${runDir}/${EVAL_FILES.report}`,
  });
  const tau2 = await probeTau2Commit(target, input.place.workdir, input.place.python);
  return {
    launch: prepareLaunch(spec, input.toolVersion, now, runId),
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
  const [keyEnv] = prepared.launch.input.spec.secretEnv;
  const secrets: Record<string, string> = {};
  if (keyEnv !== undefined && userSimulatorKey !== undefined) secrets[keyEnv] = userSimulatorKey;
  const provenance = {
    name: EVAL_FILES.provenance,
    text: `${JSON.stringify(prepared.provenance, null, 2)}\n`,
  };
  return launchRun(target, prepared.launch, { secrets, more: [provenance] });
}
