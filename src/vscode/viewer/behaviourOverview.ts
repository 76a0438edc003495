import { BEHAVIOUR_FLAGS, shapedDrift } from '../../core/metrics/behaviourScan';
import type { SampleEntry } from '../../core/store/sampleIndex';
import type { BehaviourOverview } from '../../../webview/protocol';
import type { SampleExtras } from './sampleExtras';

/**
 * The behaviour panel's numbers: how many scanned samples carry each flag, per training step (eval
 * rollouts are counted in the total only, as `rollout-studio summary` does), and the steps where the
 * shaped reward outran success, from the index's rewards.
 */
export function behaviourOverview(
  samples: readonly SampleEntry[],
  extras: readonly (SampleExtras | undefined)[],
): BehaviourOverview {
  const counts = new Map(
    BEHAVIOUR_FLAGS.map((f) => [f, { samples: 0, byStep: {} as Record<string, number> }]),
  );
  const steps = new Set<number>();
  samples.forEach((e, seq) => {
    if (!e.evaluation) steps.add(e.step);
    for (const flag of extras[seq]?.flags ?? []) {
      const c = counts.get(flag)!;
      c.samples++;
      if (!e.evaluation) c.byStep[e.step] = (c.byStep[e.step] ?? 0) + 1;
    }
  });
  return {
    flags: BEHAVIOUR_FLAGS.map((flag) => ({ flag, ...counts.get(flag)! })),
    shapedDrift: shapedDrift(
      samples.map((e) => ({ step: e.step, evaluation: e.evaluation, shaped: e.shapedReward, raw: e.reward })),
    ),
    steps: [...steps].sort((a, b) => a - b),
    unscanned: samples.length - extras.length,
  };
}
