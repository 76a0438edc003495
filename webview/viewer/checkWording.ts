import * as l10n from '@vscode/l10n';
import type { CreditEntry } from '../../src/core/trajectory/creditMap';

// tau2's checks in words a reader of one sample understands without the evaluator's source at hand: a
// communicate check's label is only the text the agent had to say ("272.33"), which alone reads like a score.

/** The check's label as shown: what the agent had to do or say. */
export function checkLabel(c: Pick<CreditEntry, 'kind' | 'label'>): string {
  return c.kind === 'communicate' ? l10n.t('tell the user “{0}”', c.label) : c.label;
}

/** The check's tooltip: how tau2 decides it, whether it was met, and whether it counts. */
export function checkTitle(c: Pick<CreditEntry, 'kind' | 'label' | 'met' | 'gates' | 'disagrees'>): string {
  const how: Partial<Record<CreditEntry['kind'], string>> = {
    communicate: l10n.t(
      'tau2 communicate check: met when an assistant message contains “{0}” (case-insensitive, commas removed)',
      c.label,
    ),
    action: l10n.t('tau2 action check: met when the agent made this call with these arguments'),
    db: l10n.t('tau2 database check: the final database equals the one the expected actions produce'),
    env_assertion: l10n.t('tau2 environment assertion on the final state'),
    nl_assertion: l10n.t('tau2 natural-language assertion, judged by an LLM'),
  };
  return [
    how[c.kind] ?? c.kind,
    c.met ? l10n.t('met') : l10n.t('not met'),
    c.gates ? l10n.t('counts toward the reward') : l10n.t('not in reward_basis: shown, does not count'),
    ...(c.disagrees ? [l10n.t('matching the turns again disagrees with what tau2 recorded')] : []),
  ].join(' · ');
}

/** The partial-credit stat's tooltip (tau2 recipe, env.py and reward.py). */
export const partialTitle = () =>
  l10n.t(
    'The tau2 recipe’s partial credit, 0 to 1: the mean of the share of action checks matched, of communicate checks met, of environment assertions met and the database match, over the components the task has. shaped = reward + α × partial credit.',
  );
