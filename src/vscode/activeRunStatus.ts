import * as vscode from 'vscode';
import { stepReward } from '../core/store/rolloutTree';
import { PausableInterval } from '../remote/pausableInterval';
import type { Services } from './services';

/** The status bar item naming the run that streamed most recently, its step, reward and rate. */
export function activateActiveRunStatus(
  context: vscode.ExtensionContext,
  { registry, mirrored }: Pick<Services, 'registry' | 'mirrored'>,
): void {
  const status = vscode.window.createStatusBarItem(
    'rolloutStudio.activeRun',
    vscode.StatusBarAlignment.Left,
    50,
  );
  status.name = vscode.l10n.t('Rollout Studio: active run');
  status.command = 'workbench.view.extension.rolloutStudio';
  const show = () => {
    const active = mirrored.active;
    if (!active) return status.hide();
    const latest = active.mirror.tree.latest();
    const reward = latest ? stepReward(latest) : undefined;
    const rate = active.mirror.samplesPerSecond();
    status.text = [
      `$(pulse) ${active.run.record.name}`,
      ...(latest
        ? [
            latest.evaluation
              ? vscode.l10n.t('eval {0}', latest.step)
              : vscode.l10n.t('step {0}', latest.step),
          ]
        : []),
      ...(reward ? [vscode.l10n.t('reward {0}', reward.mean.toFixed(2))] : []),
      vscode.l10n.t('{0} rollouts/s', rate.toFixed(rate < 10 ? 1 : 0)),
    ].join(' · ');
    status.tooltip = vscode.l10n.t(
      'Rollout Studio: the run that streamed most recently ({0} samples)',
      active.mirror.store.samples.length,
    );
    status.show();
  };
  // The rate decays between rollouts, so it is repainted each second, while the run it names streams.
  const ticks = new PausableInterval(1000, show);
  context.subscriptions.push(
    status,
    ticks,
    registry.onDidChange(() => {
      ticks.want('active run streams', mirrored.active?.run.state?.state === 'running');
      show();
    }),
  );
}
