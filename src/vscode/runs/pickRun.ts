import * as vscode from 'vscode';
import type { DiscoveredRun } from '../../remote/runDiscovery';
import type { BoxSession } from '../boxes/boxSession';

/**
 * Asks which run a command is for, among `candidates` (a Runs view row, a run found on a box). With none
 * to offer it says `none` instead of showing an empty list.
 */
export async function pickRun<T extends { box: BoxSession; run: DiscoveredRun }>(
  candidates: readonly T[],
  placeHolder: string,
  none: string,
): Promise<T | undefined> {
  if (candidates.length === 0) {
    void vscode.window.showInformationMessage(none);
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    candidates.map((r) => ({
      label: r.run.record.name,
      description: `${r.box.label} · ${r.run.state?.state ?? vscode.l10n.t('starting')}`,
      detail: r.run.dir,
      r,
    })),
    { placeHolder },
  );
  return picked?.r;
}
