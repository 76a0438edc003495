import * as vscode from 'vscode';
import type { StopOutcome } from '../remote/boxJob/stopJob';
import type { Target } from '../remote/target';
import type { BoxSession } from './boxes/boxSession';
import { requireTrust } from './trust';

/** A job on a box as the views show it: a run, a pipeline stage, an eval, a server. */
export interface JobOnBox {
  box: BoxSession;
  dir: string;
  name: string;
}

export interface StopBoxJob {
  /** "Run", "Server": in the confirmation's button and the log. */
  noun: string;
  /** What stopping does, shown in the confirmation. */
  detail: string;
  /** The clicked job, or one picked from the live ones; undefined when none was picked. */
  pick: () => Promise<JobOnBox | undefined>;
  stop: (target: Target, dir: string) => Promise<StopOutcome>;
  log: vscode.LogOutputChannel;
}

/**
 * Stop Run and Stop Server: with the workspace trusted, the job picked and the stop confirmed, the job
 * is stopped (only what it started is touched; see remote/boxJob/stopJob.ts) and the outcome told.
 * Answers whether a stop was tried.
 */
export async function stopBoxJob(how: StopBoxJob): Promise<boolean> {
  if (!(await requireTrust(vscode.l10n.t('Stopping a {0}', how.noun.toLowerCase())))) return false;
  const job = await how.pick();
  const target = job?.box.target;
  if (!job || !target) return false;
  const action = vscode.l10n.t('Stop {0}', how.noun);
  const ok = await vscode.window.showWarningMessage(
    vscode.l10n.t('Stop {0} on {1}?', job.name, job.box.label),
    { modal: true, detail: how.detail },
    action,
  );
  if (ok !== action) return false;
  try {
    const outcome = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Stopping {0}…', job.name) },
      () => how.stop(target, job.dir),
    );
    how.log.info(`stop ${how.noun.toLowerCase()} ${job.dir} on ${job.box.alias}: ${outcome.kind}`);
    void vscode.window.showInformationMessage(
      outcome.kind === 'already-exited'
        ? vscode.l10n.t('{0} had already exited.', job.name)
        : outcome.kind === 'killed'
          ? vscode.l10n.t(
              '{0} stopped ({1} process(es) killed after the grace period).',
              job.name,
              outcome.killed.length,
            )
          : vscode.l10n.t('{0} stopped.', job.name),
    );
  } catch (e) {
    void vscode.window.showErrorMessage(
      vscode.l10n.t('Cannot stop {0}: {1}', job.name, (e as Error).message),
    );
  }
  return true;
}
