import '../core/zodSetup';
import * as vscode from 'vscode';
import { RUN_FILES } from '../core/run/runFiles';
import { sampleAnnotator } from '../core/store/annotateSample';
import { stepReward } from '../core/store/rolloutTree';
import { LocalTarget } from '../remote/localTarget';
import { discoverRuns } from '../remote/runDiscovery';
import type { DiscoveredRun } from '../remote/runDiscovery';
import type { RunMirror } from '../remote/runMirror';
import { BoxesTree } from './boxesTree';
import { RecordDocuments } from './recordDocuments';
import { RunMirrors } from './runMirrors';
import { RunsTree } from './runsTree';
import type { RunNode, SampleNode } from './runsTree';
import { DatasetLinter } from './toolcall/datasetLinter';
import { registerLintFileCommand } from './toolcall/lintFileCommand';
import { ToolCallPlayground } from './toolcall/playground';
import { profileFromSettings } from './toolcall/settings';

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Rollout Studio', { log: true });
  const target = new LocalTarget();
  const boxes = new BoxesTree();
  const status = vscode.window.createStatusBarItem(
    'rolloutStudio.activeRun',
    vscode.StatusBarAlignment.Left,
    50,
  );
  status.name = 'Rollout Studio: active run';
  status.command = 'workbench.view.extension.rolloutStudio';
  const records = new RecordDocuments();
  records.register(context);

  let active: { mirror: RunMirror; run: DiscoveredRun } | undefined;
  const showStatus = () => {
    if (!active) return status.hide();
    const latest = active.mirror.tree.latest();
    const reward = latest ? stepReward(latest) : undefined;
    const rate = active.mirror.samplesPerSecond();
    status.text = `$(pulse) ${active.run.record.name}${latest ? ` · step ${latest.step}` : ''}${reward ? ` · reward ${reward.mean.toFixed(2)}` : ''} · ${rate.toFixed(rate < 10 ? 1 : 0)} rollouts/s`;
    status.tooltip = `Rollout Studio: the run that streamed most recently (${active.mirror.store.samples.length} samples)`;
    status.show();
  };
  const statusTimer = setInterval(showStatus, 1000);

  const storage = context.globalStorageUri.fsPath;
  const mirrors = new RunMirrors(
    target,
    storage,
    sampleAnnotator(profileFromSettings(log)),
    log,
    (mirror, run) => {
      if (mirror.store.samples.length > 0 && (run.state?.state === 'running' || !active))
        active = { mirror, run };
      runs.scheduleRefresh();
    },
  );
  // The callback above runs only after the first sync, by which time runs exists.
  const runs = new RunsTree(mirrors.byDir);
  context.subscriptions.push(
    log,
    status,
    { dispose: () => clearInterval(statusTimer) },
    { dispose: () => runs.dispose() },
    { dispose: () => void mirrors.dispose() },
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
      await mirrors.sync(discovery.runs);
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

  const sampleId = (n: SampleNode) =>
    `${n.run.record.id}/${n.sample.evaluation ? 'eval' : 'step'}-${n.sample.step}/group-${n.sample.group}/sample-${n.sample.index}`;

  context.subscriptions.push(
    vscode.commands.registerCommand('rolloutStudio.refreshRuns', refresh),
    vscode.commands.registerCommand('rolloutStudio.openConsoleLog', (node?: RunNode) =>
      openRunFile(node, RUN_FILES.console),
    ),
    vscode.commands.registerCommand('rolloutStudio.openRunRecord', (node?: RunNode) =>
      openRunFile(node, RUN_FILES.record),
    ),
    vscode.commands.registerCommand('rolloutStudio.showMore', (node: Parameters<RunsTree['showMore']>[0]) =>
      runs.showMore(node),
    ),
    vscode.commands.registerCommand('rolloutStudio.openRawRecord', async (node: SampleNode) => {
      const mirror = mirrors.byDir.get(node.run.dir);
      if (!mirror) return;
      try {
        const record = await mirror.store.readSample(node.sample);
        await records.show(`${sampleId(node)}.json`, JSON.stringify(record, null, 2));
      } catch (e) {
        void vscode.window.showErrorMessage(`Cannot read the sample's record: ${(e as Error).message}`);
      }
    }),
    vscode.commands.registerCommand('rolloutStudio.copySampleId', async (node: SampleNode) => {
      await vscode.env.clipboard.writeText(sampleId(node));
    }),
    vscode.commands.registerCommand('rolloutStudio.showLog', () => log.show()),
  );

  const linter = new DatasetLinter(log);
  linter.register(context);
  registerLintFileCommand(context, log, linter);
  const playground = new ToolCallPlayground(context, log);
  context.subscriptions.push(
    vscode.commands.registerCommand('rolloutStudio.openToolCallPlayground', () => playground.open()),
  );
  log.info(`Rollout Studio ${__ROLLOUT_STUDIO_VERSION__} activated`);
}

export function deactivate(): void {}
