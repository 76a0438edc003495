import { homedir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { remoteSshAuthority } from '../../remote/remoteSshAuthority';
import type { RunNode } from '../runsTree';

const REMOTE_SSH = 'ms-vscode-remote.remote-ssh';

/** True when this window is itself a Remote-SSH window: VS Code runs on the box, "This machine" is it. */
export function onRemoteSshBox(): boolean {
  return vscode.env.remoteName === 'ssh-remote';
}

/** What "This machine" is, said where a box is picked or shown. */
export function thisMachineDescription(): string {
  return onRemoteSshBox()
    ? vscode.l10n.t('the box this Remote-SSH window runs on')
    : vscode.l10n.t('where VS Code runs');
}

/**
 * Remote-SSH's `remote.SSH.configFile`, which replaces ~/.ssh/config (ssh -F) for the hosts offered
 * and for connecting, so both extensions see the same hosts. Undefined when unset.
 */
export function remoteSshConfigFile(): string | undefined {
  const file = vscode.workspace.getConfiguration('remote.SSH').get<string>('configFile')?.trim();
  if (!file) return undefined;
  return file === '~' ? homedir() : file.startsWith('~/') ? join(homedir(), file.slice(2)) : file;
}

/** Opens a run's directory in a new window: a Remote-SSH window on its box, or a folder here. */
export async function openRunInWindow(node: RunNode | undefined): Promise<void> {
  if (!node) return;
  const { box, run } = node;
  if (box.isLocal) {
    // This machine: the folder opens where this window's files are (the Remote-SSH box when on one).
    const here = vscode.workspace.workspaceFolders?.[0]?.uri;
    const uri = here ? here.with({ path: run.dir }) : vscode.Uri.file(run.dir);
    await vscode.commands.executeCommand('vscode.openFolder', uri, { forceNewWindow: true });
    return;
  }
  if (!vscode.extensions.getExtension(REMOTE_SSH)) {
    const showExtension = vscode.l10n.t('Show Extension');
    const choice = await vscode.window.showInformationMessage(
      vscode.l10n.t(
        'Opening {0} in a window on {1} needs the Remote - SSH extension.',
        run.record.name,
        box.label,
      ),
      showExtension,
    );
    if (choice === showExtension)
      await vscode.commands.executeCommand('workbench.extensions.search', REMOTE_SSH);
    return;
  }
  const uri = vscode.Uri.from({
    scheme: 'vscode-remote',
    authority: remoteSshAuthority(box.alias),
    path: run.dir,
  });
  await vscode.commands.executeCommand('vscode.openFolder', uri, { forceNewWindow: true });
}
