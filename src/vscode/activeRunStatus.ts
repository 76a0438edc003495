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
  status.name = 'Rollout Studio: active run';
  status.command = 'workbench.view.extension.rolloutStudio';
  const show = () => {
    const active = mirrored.active;
    if (!active) return status.hide();
    const latest = active.mirror.tree.latest();
    const reward = latest ? stepReward(latest) : undefined;
    const rate = active.mirror.samplesPerSecond();
    status.text = `$(pulse) ${active.run.record.name}${latest ? ` · ${latest.evaluation ? 'eval' : 'step'} ${latest.step}` : ''}${reward ? ` · reward ${reward.mean.toFixed(2)}` : ''} · ${rate.toFixed(rate < 10 ? 1 : 0)} rollouts/s`;
    status.tooltip = `Rollout Studio: the run that streamed most recently (${active.mirror.store.samples.length} samples)`;
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
