// Metric dots colour a reward on the range the run declares (RunSpec `rewardRange`, copied into run.json at
// launch and into every tap step record through ROLLOUT_STUDIO_REWARD_RANGE) or, when nothing declares one,
// on the range observed so far, which moves as samples arrive.

/** `[min, max]` with min < max (RewardRangeSchema checks it where it is read). */
export type RewardRange = [number, number];

export interface RewardScale {
  min: number;
  max: number;
  /** Whether the run declared the range or it is what the samples so far span. */
  source: 'declared' | 'observed';
}

/** The declared range: run.json's when the run was launched with one, else the newest step record's. */
export function declaredRewardRange(
  record: { rewardRange?: RewardRange | undefined } | undefined,
  steps: Iterable<{ rewardRange?: RewardRange | undefined }>,
): RewardRange | undefined {
  if (record?.rewardRange !== undefined) return record.rewardRange;
  let found: RewardRange | undefined;
  for (const s of steps) if (s.rewardRange !== undefined) found = s.rewardRange;
  return found;
}

export function rewardScale(
  declared: RewardRange | undefined,
  observed: { min: number; max: number } | null,
): RewardScale | null {
  if (declared !== undefined) return { min: declared[0], max: declared[1], source: 'declared' };
  return observed === null ? null : { ...observed, source: 'observed' };
}

/** "declared [0, 1]" / "observed [-0.2, 1.3]", for tooltips and legends. */
export function describeScale(scale: RewardScale): string {
  const n = (x: number) => String(Number(x.toFixed(3)));
  return `${scale.source} [${n(scale.min)}, ${n(scale.max)}]`;
}
