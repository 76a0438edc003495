import * as vscode from 'vscode';
import { RUN_FILES } from '../core/run/runFiles';
import { LocalTarget } from '../remote/localTarget';
import { discoverRuns } from '../remote/runDiscovery';
import type { DiscoveredRun } from '../remote/runDiscovery';
import { BoxesTree } from './boxesTree';
import { RunsTree } from './runsTree';
import type { RunNode } from './runsTree';

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Rollout Studio', { log: true });
  const target = new LocalTarget();
  const runs = new RunsTree();
  const boxes = new BoxesTree();
  context.subscriptions.push(
    log,
    vscode.window.createTreeView('rolloutStudio.runs', { treeDataProvider: runs, showCollapseAll: true }),
    vscode.window.createTreeView('rolloutStudio.boxes', { treeDataProvider: boxes }),
    // Servers are listed here once one is started from this window; until then the view's welcome
    // text explains what will appear.
    vscode.window.createTreeView('rolloutStudio.servers', {
      treeDataProvider: { getChildren: () => [], getTreeItem: (item: vscode.TreeItem) => item },
    }),
  );

  const config = () => vscode.workspace.getConfiguration('rolloutStudio');
  let lastError = '';
  const refresh = async () => {
    const root = config().get<string>('runsRoot', '~/.rollout-studio/runs');
    try {
      const discovery = await discoverRuns(target, root);
      runs.update(discovery);
      boxes.set([
        {
          label: 'This machine',
          description: `${discovery.runs.length} run${discovery.runs.length === 1 ? '' : 's'} · ${root}`,
          tooltip: `Local box. Runs are read from ${discovery.root}`,
        },
      ]);
      lastError = '';
    } catch (e) {
      const message = `Cannot read runs under ${root}: ${(e as Error).message}`;
      // Polling would repeat the same failure every tick; log it once until it changes.
      if (message !== lastError) log.error(message);
      lastError = message;
    }
  };

  let timer: NodeJS.Timeout | undefined;
  const schedule = () => {
    clearInterval(timer);
    const seconds = Math.max(0.5, config().get<number>('refreshIntervalSeconds', 2));
    timer = setInterval(() => void refresh(), seconds * 1000);
  };
  schedule();
  void refresh();
  context.subscriptions.push(
    { dispose: () => clearInterval(timer) },
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('rolloutStudio')) {
        schedule();
        void refresh();
      }
    }),
  );

  const pickRun = async (node?: RunNode): Promise<DiscoveredRun | undefined> => {
    if (node?.run) return node.run;
    await refresh();
    const all = runs.runs();
    if (all.length === 0) {
      void vscode.window.showInformationMessage(
        'No runs found under the runs root. Check the rolloutStudio.runsRoot setting.',
      );
      return undefined;
    }
    const picked = await vscode.window.showQuickPick(
      all.map((run) => ({
        label: run.record.name,
        description: run.state?.state ?? 'starting',
        detail: run.dir,
        run,
      })),
      { placeHolder: 'Select a run' },
    );
    return picked?.run;
  };

  const openRunFile = async (node: RunNode | undefined, file: string) => {
    const run = await pickRun(node);
    if (!run) return;
    const uri = vscode.Uri.file(`${run.dir}/${file}`);
    try {
      await vscode.window.showTextDocument(uri, { preview: true });
    } catch (e) {
      void vscode.window.showErrorMessage(`Cannot open ${uri.fsPath}: ${(e as Error).message}`);
    }
  };

  context.subscriptions.push(
    vscode.commands.registerCommand('rolloutStudio.refreshRuns', refresh),
    vscode.commands.registerCommand('rolloutStudio.openConsoleLog', (node?: RunNode) =>
      openRunFile(node, RUN_FILES.console),
    ),
    vscode.commands.registerCommand('rolloutStudio.openRunRecord', (node?: RunNode) =>
      openRunFile(node, RUN_FILES.record),
    ),
    vscode.commands.registerCommand('rolloutStudio.showLog', () => log.show()),
  );
  log.info(`Rollout Studio ${__ROLLOUT_STUDIO_VERSION__} activated`);
}

export function deactivate(): void {}
