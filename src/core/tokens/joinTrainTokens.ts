import type { TrainTokenSample, TrainTokensFile } from './trainTokens';

/** What the run's record says about the sample: the tap writes slime's Sample.index as sampleIndex. */
export interface RecordIdentity {
  step: number;
  sampleIndex?: number;
}

export type TokenJoin = { ok: true; sample: TrainTokenSample; by: string } | { ok: false; reason: string };

/**
 * Finds the run sample's row in a step's train dump. slime's Sample.index is the only id both sides
 * carry: the tap sees samples as they finish, so it cannot know `rollout_position` (the order the trainer
 * received them in). When the index is missing or repeated the join is refused with the reason, rather
 * than guessed.
 */
export function joinTrainTokens(record: RecordIdentity, file: TrainTokensFile): TokenJoin {
  if (file.rolloutId !== null && file.rolloutId !== record.step)
    return {
      ok: false,
      reason: `the dump is of rollout ${file.rolloutId}, the sample of step ${record.step}`,
    };
  if (record.sampleIndex === undefined)
    return {
      ok: false,
      reason:
        "the sample's record has no slime sample index (Sample.index was not an integer), so it cannot be matched to a row of the train dump",
    };
  const matches = file.samples.filter((s) => s.sampleIndex === record.sampleIndex);
  if (matches.length === 1)
    return { ok: true, sample: matches[0]!, by: `sample_index ${record.sampleIndex}` };
  if (matches.length > 1)
    return {
      ok: false,
      reason: `${matches.length} rows of the train dump have sample_index ${record.sampleIndex}: the rollout function reuses Sample.index (the tau1 example sets it to the task), so which row is this sample cannot be told`,
    };
  if (file.samples.every((s) => s.sampleIndex === null))
    return {
      ok: false,
      reason: 'the train dump carries no sample_index, so no row can be matched to this sample',
    };
  return {
    ok: false,
    reason: `no row of the train dump has sample_index ${record.sampleIndex}: the sample never reached the trainer (filtered, removed or aborted) or the dump is of another run`,
  };
}

/** Largest |advantage × loss mask| in the file: every sample of a step is coloured on the same scale. */
export function trainedAdvantageRange(file: TrainTokensFile): number {
  let max = 0;
  for (const s of file.samples) {
    const adv = s.advantages;
    if (!adv) continue;
    for (let i = 0; i < adv.length; i++) {
      const v = (adv[i] ?? 0) * (s.lossMask ? (s.lossMask[i] ?? 0) : 1);
      if (Math.abs(v) > max) max = Math.abs(v);
    }
  }
  return max;
}
