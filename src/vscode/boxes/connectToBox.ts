import { homedir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { LOCAL_ALIAS } from '../../core/run/runKey';
import { configuredHosts, defaultConfigFiles, loadSshConfig } from '../../remote/sshConfigFile';
import { onRemoteSshBox, remoteSshConfigFile, thisMachineDescription } from './remoteSsh';

type Item = vscode.QuickPickItem & { alias?: string };

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
    label: 'This machine',
    description: thisMachineDescription(),
    alias: LOCAL_ALIAS,
  };
  const fromConfig = hosts.map((h) => ({ label: h, description: `from ${source}`, alias: h }));
  const items = onRemoteSshBox() ? [thisMachine, ...fromConfig] : [...fromConfig, thisMachine];
  const pick = vscode.window.createQuickPick<Item>();
  pick.title = 'Connect to Box';
  pick.placeholder = onRemoteSshBox()
    ? 'This window runs on a box over Remote-SSH: use This machine, or pick another host'
    : `A host from ${source}, or type user@host[:port]`;
  pick.items = items;
  pick.onDidChangeValue((v) => {
    const typed = v.trim();
    pick.items =
      typed && !hosts.includes(typed)
        ? [{ label: typed, description: 'connect to this address', alias: typed }, ...items]
        : items;
  });
  const alias = await new Promise<string | undefined>((resolve) => {
    pick.onDidAccept(() => {
      resolve(pick.selectedItems[0]?.alias);
      pick.hide();
    });
    pick.onDidHide(() => resolve(undefined));
    pick.show();
  });
  pick.dispose();
  return alias;
}
