import * as vscode from 'vscode';
import { LOCAL_ALIAS } from '../../core/run/runKey';
import { BoxesTree } from '../boxesTree';
import type { Services } from '../services';
import { runsRoot } from '../settingsRoots';
import { whenTrusted } from '../trust';
import type { BoxSession } from './boxSession';
import { registerCheckBox } from './checkBox';
import { pickBoxAddress } from './connectToBox';

/** The Boxes view and Connect to Box, Reconnect and Disconnect. */
export function activateBoxes(
  context: vscode.ExtensionContext,
  { log, registry, refresher, walkthrough }: Pick<Services, 'log' | 'registry' | 'refresher' | 'walkthrough'>,
): void {
  registerCheckBox(context, runsRoot);
  const tree = new BoxesTree(() => registry.sessions);
  const view = vscode.window.createTreeView('rolloutStudio.boxes', { treeDataProvider: tree });
  context.subscriptions.push(
    tree,
    view,
    refresher.whileVisible('boxes view', view),
    registry.onDidChange(() => {
      // The box's release may have become known (probe, a server got ready) or the settings changed.
      for (const box of registry.runSources()) box.reannotate();
      walkthrough.boxesChanged(registry.sessions, view.visible);
      tree.refresh();
    }),
    view.onDidChangeVisibility(({ visible }) => walkthrough.boxesChanged(registry.sessions, visible)),
    vscode.commands.registerCommand(
      'rolloutStudio.connectToBox',
      whenTrusted(vscode.l10n.t('Connecting to a box'), async () => {
        const alias = await pickBoxAddress(log);
        if (!alias || alias === LOCAL_ALIAS) return;
        const box = await registry.connect(alias, true);
        if (box.state === 'ready') await refresher.refresh();
      }),
    ),
    vscode.commands.registerCommand(
      'rolloutStudio.reconnectBox',
      whenTrusted(vscode.l10n.t('Connecting to a box'), async (node?: { box: BoxSession }) => {
        if (node?.box) await registry.connect(node.box.alias, true);
      }),
    ),
    vscode.commands.registerCommand('rolloutStudio.disconnectBox', async (node?: { box: BoxSession }) => {
      if (node?.box) await registry.disconnect(node.box.alias);
    }),
  );
}
