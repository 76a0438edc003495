import { homedir } from 'node:os';
import * as vscode from 'vscode';
import { LOCAL_ALIAS } from '../../core/run/runKey';
import { configuredHosts, defaultConfigFiles, loadSshConfig } from '../../remote/sshConfigFile';

/** Connect to Box's pick: a host from ~/.ssh/config, an address typed in, or this machine. */
export async function pickBoxAddress(log: vscode.LogOutputChannel): Promise<string | undefined> {
  let hosts: string[] = [];
  try {
    hosts = configuredHosts(await loadSshConfig(defaultConfigFiles(homedir()), homedir()));
  } catch (e) {
    log.warn(`reading ~/.ssh/config: ${(e as Error).message}`);
  }
  const items: (vscode.QuickPickItem & { alias?: string })[] = [
    ...hosts.map((h) => ({ label: h, description: 'from ~/.ssh/config', alias: h })),
    { label: 'This machine', description: 'always connected', alias: LOCAL_ALIAS },
  ];
  const pick = vscode.window.createQuickPick<vscode.QuickPickItem & { alias?: string }>();
  pick.title = 'Connect to Box';
  pick.placeholder = 'A host from ~/.ssh/config, or type user@host[:port]';
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
