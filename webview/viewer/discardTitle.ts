import * as l10n from '@vscode/l10n';
import type { DiscardReason } from '../../src/shared/protocol';

/** What each discard badge means, for its tooltip. */
export function discardTitle(reason: DiscardReason): string {
  switch (reason) {
    case 'removed':
      return l10n.t(
        'Taught nothing: the recipe set remove_sample, which zeroes its loss mask (slime keeps it in the batch)',
      );
    case 'aborted':
      return l10n.t('Never reached the trainer: generation was aborted');
    case 'zero-std':
      return l10n.t(
        'Every sample of this group got the same reward: dynamic sampling drops the group, or, trained anyway, its advantages are all zero',
      );
    case 'never-trained':
      return l10n.t(
        "Never reached the trainer: the step record's list of trained samples leaves it out (over-sampling leftover or a filter)",
      );
  }
}
