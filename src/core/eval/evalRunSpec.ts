import type { Stage } from '../pipeline/stage';
import { RunSpecSchema } from '../runspec/runSpec';
import type { RunSpec } from '../runspec/runSpec';
import { EVAL_SCRIPT, evalScriptArgs, userSimulatorEnv } from './evalSettings';
import type { EvalSettings, EvalTargets } from './evalSettings';

// An eval is a run like any other (run.json, launch.sh, state.json, console.log under the runs root), so
// it is launched, followed, stopped and rediscovered by the same code; only its entry is the recipe's
// eval script instead of train.py, and it has no tap (no slime trainer loads it).

export interface EvalRunPlace {
  name: string;
  box: string;
  /** The slime checkout holding examples/tau-bench/tau2/eval.py. */
  workdir: string;
  python: string;
  runsRoot?: string;
  /** The pipeline stage the eval is (evalStage), when its checkpoint was saved by a known run. */
  stage?: Stage;
}

export function evalRunSpec(settings: EvalSettings, place: EvalRunPlace, targets: EvalTargets): RunSpec {
  const { env, secretEnv } = userSimulatorEnv(settings.userSimulator);
  return RunSpecSchema.parse({
    name: place.name,
    box: place.box,
    workdir: place.workdir,
    entry: EVAL_SCRIPT,
    python: place.python,
    args: evalScriptArgs(settings, targets),
    env,
    secretEnv,
    tap: false,
    ...(place.runsRoot !== undefined ? { runsRoot: place.runsRoot } : {}),
    ...(place.stage !== undefined ? { stage: place.stage } : {}),
  });
}
