import { homedir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { LOCAL_ALIAS } from '../../core/run/runKey';
import { configuredHosts, defaultConfigFiles, loadSshConfig } from '../../remote/sshConfigFile';
import { pickFromList } from '../runs/pickList';
import { onRemoteSshBox, remoteSshConfigFile, thisMachineDescription } from './remoteSsh';

type Item = vscode.QuickPickItem & { alias: string };

/**
 * Connect to Box's pick: the hosts of the ssh config (Remote-SSH's `remote.SSH.configFile` when set), an
 * address typed in, or this machine, which comes first when this window already runs on a box.
 */
export async function pickBoxAddress(log: vscode.LogOutputChannel): Promise<string | undefined> {
  const configFile = remoteSshConfigFile();
  const source = configFile ?? '~/.ssh/config';
  let hosts: string[] = [];
  try {
    const home = homedir();
    const files = configFile
      ? [{ path: configFile, includeBase: join(home, '.ssh') }]
      : defaultConfigFiles(home);
    hosts = configuredHosts(await loadSshConfig(files, home));
  } catch (e) {
    log.warn(`reading ${source}: ${(e as Error).message}`);
  }
  const thisMachine: Item = {
    label: vscode.l10n.t('This machine'),
    description: thisMachineDescription(),
    alias: LOCAL_ALIAS,
  };
  const fromConfig = hosts.map((h) => ({
    label: h,
    description: vscode.l10n.t('from {0}', source),
    alias: h,
  }));
  const items = onRemoteSshBox() ? [thisMachine, ...fromConfig] : [...fromConfig, thisMachine];
  const picked = await pickFromList({
    title: vscode.l10n.t('Connect to Box'),
    placeholder: onRemoteSshBox()
      ? vscode.l10n.t('This window runs on a box over Remote-SSH: use This machine, or pick another host')
      : vscode.l10n.t('A host from {0}, or type user@host[:port]', source),
    items,
    // What is typed is offered as an address of its own unless it names a configured host.
    typed: (v) => {
      const typed = v.trim();
      return typed && !hosts.includes(typed)
        ? [{ label: typed, description: vscode.l10n.t('connect to this address'), alias: typed }]
        : [];
    },
  });
  return picked === 'back' ? undefined : picked.item.alias;
}
