import * as l10n from '@vscode/l10n';
import type { BehaviourFlag } from '../../src/core/metrics/behaviourScan';

/** A scanner flag's short badge text and what it means (panel rows, table badges, tooltips). */
export function flagInfo(flag: BehaviourFlag): { badge: string; label: string; title: string } {
  switch (flag) {
    case 'loop':
      return {
        badge: l10n.t('loop'),
        label: l10n.t('Repeated identical tool calls'),
        title: l10n.t('The same tool called 3 or more times in a row with the same arguments'),
      };
    case 'early-done':
      return {
        badge: l10n.t('done first'),
        label: l10n.t('done before any tool call'),
        title: l10n.t('The episode was ended (done) before any other tool call'),
      };
    case 'length-limit':
      return {
        badge: l10n.t('at limit'),
        label: l10n.t('At the length limit'),
        title: l10n.t('The response was cut by the length limit (status truncated)'),
      };
    case 'empty-response':
      return {
        badge: l10n.t('empty'),
        label: l10n.t('Empty responses'),
        title: l10n.t('An assistant turn with no text and no tool call'),
      };
    case 'error-burst':
      return {
        badge: l10n.t('error burst'),
        label: l10n.t('Bursts of tool-call errors'),
        title: l10n.t('3 or more failed tool results or malformed calls in a row'),
      };
  }
}
