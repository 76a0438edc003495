import type { StepFacts } from '../importers/importResult';
import { groupAdvantage } from '../trajectory/groupAdvantage';
import type { TrajectorySample } from '../trajectory/sample';
import { DISCARD_REASONS, discardReason, trainedKeys } from './discardReason';
import type { DiscardReason } from './discardReason';

export interface DiscardCounts {
  /** Training samples that never reached the trainer, by reason (see discardReason). */
  counts: Record<DiscardReason, number>;
  /** The same per training step, for steps with at least one. */
  byStep: { step: number; counts: Record<DiscardReason, number> }[];
}

const zero = (): Record<DiscardReason, number> =>
  Object.fromEntries(DISCARD_REASONS.map((r) => [r, 0])) as Record<DiscardReason, number>;

/**
 * Counts discarded training samples the way the viewer badges them: the group's advantage basis is the
 * shaped reward when every sample of the group has one, else the reward; the trained list is the step
 * record's (the tap's `rewards`), absent for sources without step records.
 */
export function discardCounts(
  samples: readonly TrajectorySample[],
  steps: readonly StepFacts[],
): DiscardCounts {
  const trained = new Map<number, Set<string> | undefined>();
  for (const s of steps) if (!s.evaluation) trained.set(s.step, trainedKeys(s.rewards));
  const groups = new Map<string, TrajectorySample[]>();
  for (const s of samples) {
    if (s.evaluation) continue;
    const key = `${s.step}/${s.group}`;
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  const zeroStd = new Set<string>();
  for (const [key, members] of groups) {
    const shaped = members.every((m) => typeof m.reward.shaped === 'number');
    const rewards = members
      .map((m) => (shaped ? m.reward.shaped : m.reward.value))
      .filter((r): r is number => typeof r === 'number');
    if (members.length > 1 && rewards.length > 1 && groupAdvantage(rewards).zeroStd) zeroStd.add(key);
  }
  const counts = zero();
  const byStep = new Map<number, Record<DiscardReason, number>>();
  for (const s of samples) {
    const list = trained.get(s.step);
    const reason = discardReason({
      evaluation: s.evaluation,
      status: s.status ?? '',
      removed: s.removed === true,
      zeroStdGroup: zeroStd.has(`${s.step}/${s.group}`),
      trained: list === undefined ? undefined : list.has(`${s.group}/${s.index}`),
    });
    if (reason === null) continue;
    counts[reason]++;
    let step = byStep.get(s.step);
    if (step === undefined) byStep.set(s.step, (step = zero()));
    step[reason]++;
  }
  return {
    counts,
    byStep: [...byStep].sort(([a], [b]) => a - b).map(([step, c]) => ({ step, counts: c })),
  };
}
