import * as vscode from 'vscode';
import type { DiscoveredRun } from '../../remote/runDiscovery';
import type { RunMirror } from '../../remote/runMirror';
import { withCancellableProgress } from '../cancellableProgress';

// Behind by this much, a run's copy shows its progress and can be cancelled; less copies unseen.
const FIRST_COPY_NOTICE_BYTES = 8_000_000;

/**
 * A run much larger than what this machine holds of it (its first mirror, or one far behind) copies
 * under a notification with a percentage; Cancel pauses it, keeping the whole lines copied so far,
 * until Refresh Runs (RunMirrors.resumePaused) or the next window. A heads-only run shows the box's first
 * pass over its file the same way: the explorer fills as the heads arrive.
 */
export async function showFirstCopy(
  mirror: RunMirror,
  run: DiscoveredRun,
  log: vscode.LogOutputChannel,
): Promise<void> {
  const behind = run.rolloutsBytes - mirror.covered();
  if (behind < FIRST_COPY_NOTICE_BYTES) return;
  const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;
  const headsOnly = mirror.store.headsOnly;
  const title = headsOnly
    ? vscode.l10n.t('Indexing the rollouts of {0} on the box', run.record.name)
    : vscode.l10n.t('Copying the rollouts of {0}', run.record.name);
  const done = await withCancellableProgress(title, (control) => mirror.catchUp(control));
  if (done) return;
  const kept = vscode.l10n.t('{0} of {1}', mb(mirror.covered()), mb(run.rolloutsBytes));
  log.info(`${run.dir}: ${headsOnly ? 'indexing' : 'copying'} paused at ${kept}`);
  void vscode.window.showInformationMessage(
    headsOnly
      ? vscode.l10n.t('Indexing {0} paused: {1} kept. Refresh the runs to go on.', run.record.name, kept)
      : vscode.l10n.t('Copying {0} paused: {1} kept. Refresh the runs to go on.', run.record.name, kept),
  );
}
