import type { DiscardReason } from '../../src/shared/protocol';

/** What each discard badge means, for its tooltip. */
export const DISCARD_TITLE: Record<DiscardReason, string> = {
  removed:
    'Taught nothing: the recipe set remove_sample, which zeroes its loss mask (slime keeps it in the batch)',
  aborted: 'Never reached the trainer: generation was aborted',
  'zero-std':
    'Every sample of this group got the same reward: dynamic sampling drops the group, or, trained anyway, its advantages are all zero',
  'never-trained':
    "Never reached the trainer: the step record's list of trained samples leaves it out (over-sampling leftover or a filter)",
};
