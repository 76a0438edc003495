import type { TrajectorySample } from '../trajectory/sample';
import { summarize } from './summary';
import type { RunSummary } from './summary';

// pass^k asks whether k attempts of one policy all succeed. A training run's steps are different policy
// versions, so pooling their samples (160 attempts from 40 versions) measures nothing: its pass^k and
// pass@k are per step. An evaluation's attempts share one checkpoint and stay pooled.

export interface StepSummary extends RunSummary {
  step: number;
  /** An evaluation at this step's checkpoint, not its training rollout. */
  evaluation: boolean;
}

/** Training samples from more than one step: more than one policy version. */
export function isTrainingRun(samples: readonly TrajectorySample[]): boolean {
  return new Set(samples.filter((s) => !s.evaluation).map((s) => s.step)).size > 1;
}

/**
 * The summary of each step's training rollout and of each evaluation, in step order, keeping the last
 * `lastSteps` of each (0: all).
 */
export function stepSummaries(
  samples: readonly TrajectorySample[],
  lastSteps: number,
): { training: StepSummary[]; evaluation: StepSummary[]; trainingSteps: number } {
  const byStep = (evaluation: boolean) => {
    const steps = new Map<number, TrajectorySample[]>();
    for (const s of samples) {
      if (s.evaluation !== evaluation) continue;
      const list = steps.get(s.step);
      if (list) list.push(s);
      else steps.set(s.step, [s]);
    }
    const all = [...steps].sort(([a], [b]) => a - b);
    return {
      count: all.length,
      shown: (lastSteps > 0 ? all.slice(-lastSteps) : all).map(([step, list]): StepSummary => ({
        step,
        evaluation,
        ...summarize(list),
      })),
    };
  };
  const training = byStep(false);
  return { training: training.shown, evaluation: byStep(true).shown, trainingSteps: training.count };
}
