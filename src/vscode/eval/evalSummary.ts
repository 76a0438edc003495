import * as vscode from 'vscode';
import { describeDecoding, describeUserSimulator } from '../../core/eval/evalSettings';
import type { EvalProvenance } from '../../core/eval/evalProvenance';
import type { EvalResult } from '../../core/eval/evalResult';
import { percent } from '../../shared/percent';

// How an eval is named in a sentence: what it measured (its overall figures) and what it was run with.
// The launch review, the notice when an eval ends and its stage in the Pipelines view say it alike.

/** "pass@1 36.0%, pass@4 60.0%, pass^4 20.0% over 30 tasks" (pass@1 only when k = 1). */
export function evalFigures(result: EvalResult): string {
  const overall = result.domains.length > 0 ? result.overall : undefined;
  const k = result.provenance.settings.k;
  const tasks = overall?.tasks ?? 0;
  return k > 1
    ? vscode.l10n.t(
        'pass@1 {0}, pass@{1} {2}, pass^{1} {3} over {4} tasks',
        percent(overall?.passAt1),
        k,
        percent(overall?.passAtK),
        percent(overall?.passHatK),
        tasks,
      )
    : vscode.l10n.t('pass@1 {0} over {1} tasks', percent(overall?.passAt1), tasks);
}

/** What the eval runs with, one fact a line: checkpoint, k and decoding, user simulator, tasks, tau2. */
export function evalSettingsLines(p: Pick<EvalProvenance, 'checkpoint' | 'settings' | 'tau2'>): string[] {
  const { settings } = p;
  return [
    vscode.l10n.t('checkpoint {0}', p.checkpoint.hfCheckpoint),
    vscode.l10n.t('k = {0}, {1}', settings.k, describeDecoding(settings.decoding)),
    vscode.l10n.t('user simulator {0}', describeUserSimulator(settings.userSimulator)),
    vscode.l10n.t('{0}; {1} split', settings.domains.join(', '), settings.split),
    vscode.l10n.t(
      'tau2-bench {0} ({1})',
      p.tau2.commit?.slice(0, 7) ?? vscode.l10n.t('commit unknown'),
      p.tau2.source,
    ),
  ];
}
