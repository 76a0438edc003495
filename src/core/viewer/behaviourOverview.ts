import { BEHAVIOUR_FLAGS, shapedDrift } from '../metrics/behaviourScan';
import type { SampleColumns } from '../store/sampleColumns';
import type { BehaviourOverview } from '../../shared/protocol';
import type { SampleExtras } from './sampleExtras';

/**
 * The behaviour panel's numbers: how many scanned samples carry each flag, per training step (eval
 * rollouts are counted in the total only, as `rollout-studio summary` does), and the steps where the
 * shaped reward outran success, from the index's rewards.
 */
export function behaviourOverview(
  samples: SampleColumns,
  extras: readonly (SampleExtras | undefined)[],
): Omit<BehaviourOverview, 'bodiesOnBox'> {
  const counts = new Map(
    BEHAVIOUR_FLAGS.map((f) => [f, { samples: 0, byStep: {} as Record<string, number> }]),
  );
  const steps = new Set<number>();
  const drift: { step: number; evaluation: boolean; shaped: number | null; raw: number | null }[] = [];
  for (let seq = 0; seq < samples.length; seq++) {
    const step = samples.step(seq);
    const evaluation = samples.evaluation(seq);
    if (!evaluation) steps.add(step);
    for (const flag of extras[seq]?.flags ?? []) {
      const c = counts.get(flag)!;
      c.samples++;
      if (!evaluation) c.byStep[step] = (c.byStep[step] ?? 0) + 1;
    }
    drift.push({ step, evaluation, shaped: samples.shapedReward(seq), raw: samples.reward(seq) });
  }
  return {
    flags: BEHAVIOUR_FLAGS.map((flag) => ({ flag, ...counts.get(flag)! })),
    shapedDrift: shapedDrift(drift),
    steps: [...steps].sort((a, b) => a - b),
    unscanned: samples.length - extras.length,
  };
}
