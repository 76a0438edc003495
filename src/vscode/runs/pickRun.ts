import * as vscode from 'vscode';
import type { DiscoveredRun } from '../../remote/runDiscovery';
import type { BoxSession } from '../boxes/boxSession';
import { pickOne } from '../pickOne';

/** Asks which run a command is for, among `candidates` (a Runs view row, a run found on a box). */
export function pickRun<T extends { box: BoxSession; run: DiscoveredRun }>(
  candidates: readonly T[],
  placeHolder: string,
  none: string,
): Promise<T | undefined> {
  return pickOne(candidates, {
    placeHolder,
    none,
    item: (r) => ({
      label: r.run.record.name,
      description: `${r.box.label} · ${r.run.state?.state ?? vscode.l10n.t('starting')}`,
      detail: r.run.dir,
    }),
  });
}
