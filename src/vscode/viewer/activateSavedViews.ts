import * as vscode from 'vscode';
import { runKey } from '../../core/run/runKey';
import { RunViewerData } from '../../core/viewer/runViewerData';
import { DEFAULT_VIEWER_QUERY } from '../../shared/protocol';
import type { SampleKey } from '../../shared/protocol';
import type { Profile } from '../../core/toolcall/types';
import type { RunMirror } from '../../remote/runMirror';
import type { Explorer } from '../explorer';
import type { RunNode, SampleNode } from '../runsTree';
import { withCancellableProgress } from '../cancellableProgress';
import { exportSavedViews } from './exportFiles';
import type { RunSavedViews } from './runSavedViews';
import { askPinNote } from './savedViewPrompts';

export interface SavedViewsDeps {
  saved: RunSavedViews;
  explorer: Explorer;
  mirrors: ReadonlyMap<string, RunMirror>;
  profile: (runKey: string) => Profile;
}

const keyOf = (node: SampleNode): SampleKey => {
  const { step, evaluation, group, index } = node.sample;
  return { step, evaluation, group, index };
};

/**
 * Saved views and pins outside the viewer: the explorer's Pinned node and its pin/unpin actions, and
 * Export Saved Views and Pins…. The viewer keeps them through the same RunSavedViews.
 */
export function activateSavedViews(context: vscode.ExtensionContext, deps: SavedViewsDeps): void {
  const { saved, explorer, mirrors } = deps;
  explorer.tree.pinsOf = (key) => saved.peek(key)?.pins;
  const runOf = (node: SampleNode) => {
    const box = explorer.boxOf(node);
    return box && runKey(box.alias, node.run.dir);
  };

  context.subscriptions.push(
    saved.onDidChange(() => explorer.tree.scheduleRefresh()),
    vscode.commands.registerCommand('rolloutStudio.pinSample', async (node: SampleNode) => {
      const key = runOf(node);
      if (!key) return;
      const note = await askPinNote(keyOf(node), (await saved.get(key)).pins);
      if (note !== undefined)
        await saved.change(key, vscode.l10n.t('pin the sample'), (f) => f.pin(keyOf(node), note));
    }),
    vscode.commands.registerCommand('rolloutStudio.unpinSample', async (node: SampleNode) => {
      const key = runOf(node);
      if (key) await saved.change(key, vscode.l10n.t('unpin the sample'), (f) => f.unpin(keyOf(node)));
    }),
    vscode.commands.registerCommand('rolloutStudio.exportSavedViews', async (node?: RunNode) => {
      const picked = await explorer.pickRun(node);
      if (!picked) return;
      const key = runKey(picked.box.alias, picked.run.dir);
      const mirror = mirrors.get(key);
      try {
        if (!mirror) throw new Error(vscode.l10n.t('the run is still loading from the box.'));
        const found = await saved.get(key);
        // The pinned rows are read like the viewer's table: a data service over the store, for this export.
        const pinnedRows = async () => {
          const data = new RunViewerData(key, mirror.store, deps.profile(key), () => undefined);
          try {
            data.setPins(found.pins);
            return await withCancellableProgress(vscode.l10n.t('Reading the pinned samples'), (control) =>
              data.matchingRows({ ...DEFAULT_VIEWER_QUERY, filter: 'pinned == true' }, control),
            );
          } finally {
            data.dispose();
          }
        };
        await exportSavedViews(found, pinnedRows, picked.run.record.name);
      } catch (e) {
        void vscode.window.showErrorMessage(
          vscode.l10n.t('Cannot export the saved views and pins: {0}', (e as Error).message),
        );
      }
    }),
  );
}
