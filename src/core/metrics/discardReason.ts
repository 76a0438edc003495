/**
 * Why a rollout never reached the trainer: slime's remove_sample (the record's `removed`), an aborted
 * generation, a training group whose rewards are all equal (dynamic sampling drops it when its
 * nonzero-std filter is on; trained anyway, it carries zero advantage and so no gradient), or a step
 * record whose list of trained samples leaves it out (over-sampling leftovers, filters the tap cannot name).
 */
export type DiscardReason = 'removed' | 'aborted' | 'zero-std' | 'never-trained';

/**
 * The first reason that applies, most explicit first: the recipe removed it, generation was aborted (and
 * the step's trained list does not contradict it), its
 * training group has no reward spread, or the step's trained list leaves it out (`trained` is undefined
 * while the step has no step record, which says nothing). Eval rollouts are never trained, so they are
 * never "discarded".
 */
export function discardReason(s: {
  evaluation: boolean;
  status: string;
  removed: boolean | undefined;
  zeroStdGroup: boolean;
  trained?: boolean | undefined;
}): DiscardReason | null {
  if (s.evaluation) return null;
  if (s.removed === true) return 'removed';
  // The step record's list of trained samples is what the trainer got; the status only suggests it. The
  // tau-bench example writes "aborted" episodes with reward 0 and trains them (reference/slime.md §4.4).
  if (s.status === 'aborted' && s.trained !== true) return 'aborted';
  if (s.zeroStdGroup) return 'zero-std';
  if (s.trained === false) return 'never-trained';
  return null;
}

/** Every reason, in the order charts and summaries list them. */
export const DISCARD_REASONS: readonly DiscardReason[] = ['zero-std', 'aborted', 'removed', 'never-trained'];

/** The samples a step record lists as trained, keyed `group/index`; undefined when it lists none. */
export function trainedKeys(
  rewards: readonly { group: number; index: number }[] | undefined,
): Set<string> | undefined {
  return rewards === undefined ? undefined : new Set(rewards.map((r) => `${r.group}/${r.index}`));
}
