import * as vscode from 'vscode';
import type { DiscoveredRun } from '../../remote/runDiscovery';
import type { RunMirror } from '../../remote/runMirror';
import { withCancellableProgress } from '../cancellableProgress';

// Behind by this much, a run's copy shows its progress and can be cancelled; less copies unseen.
const FIRST_COPY_NOTICE_BYTES = 8_000_000;

/**
 * A run much larger than what this machine holds of it (its first mirror, or one far behind) copies
 * under a notification with a percentage; Cancel pauses it, keeping the whole lines copied so far,
 * until Refresh Runs (RunMirrors.resumePaused) or the next window.
 */
export async function showFirstCopy(
  mirror: RunMirror,
  run: DiscoveredRun,
  log: vscode.LogOutputChannel,
): Promise<void> {
  const behind = run.rolloutsBytes - mirror.store.resumeOffset;
  if (behind < FIRST_COPY_NOTICE_BYTES) return;
  const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;
  const done = await withCancellableProgress(`Copying the rollouts of ${run.record.name}`, (control) =>
    mirror.catchUp(control),
  );
  if (done) return;
  const kept = `${mb(mirror.store.resumeOffset)} of ${mb(run.rolloutsBytes)}`;
  log.info(`${run.dir}: copying paused at ${kept}`);
  void vscode.window.showInformationMessage(
    `Copying ${run.record.name} paused: ${kept} kept. Refresh the runs to go on.`,
  );
}
