import '../core/zodSetup';
import { homedir } from 'node:os';
import * as vscode from 'vscode';
import { RUN_FILES } from '../core/run/runFiles';
import { sampleAnnotator } from '../core/store/annotateSample';
import { stepReward } from '../core/store/rolloutTree';
import { ConsoleTimelines } from '../remote/consoleTimeline';
import { configuredHosts, defaultConfigFiles, loadSshConfig } from '../remote/sshConfigFile';
import type { DiscoveredRun } from '../remote/runDiscovery';
import type { RunMirror } from '../remote/runMirror';
import { BoxRegistry } from './boxes/boxRegistry';
import type { BoxSession } from './boxes/boxSession';
import { BoxesTree } from './boxesTree';
import { registerExplorerFilter } from './explorerFilter';
import { openRolloutFile } from './openRolloutFile';
import { openTrainData } from './openTrainData';
import { RecordDocuments } from './recordDocuments';
import { registerRuns } from './runs/registerRuns';
import { RunsTree } from './runsTree';
import { registerServers } from './servers/registerServers';
import type { RunNode, SampleNode } from './runsTree';
import { DatasetLinter } from './toolcall/datasetLinter';
import { registerLintFileCommand } from './toolcall/lintFileCommand';
import { registerRevealNextProblem } from './toolcall/revealNextProblem';
import { ToolCallPlayground } from './toolcall/playground';
import { registerSampleCommands } from './sampleCommands';
import { profileFromSettings } from './toolcall/settings';
import { withInstalledSglang } from '../core/toolcall/sglangRelease';
import type { Profile } from '../core/toolcall/types';
import { TokenViews } from './viewer/tokenViews';
import { TrajectoryViewer } from './viewer/trajectoryViewer';
import { TurnDocuments } from './viewer/turnDocuments';
import { requireTrust, whenTrusted } from './trust';
import { toolsFromJson, toolsOfJsonl } from '../core/toolcall/tools';
import type { LoadedTools } from './toolcall/settings';

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Rollout Studio', { log: true });
  const status = vscode.window.createStatusBarItem(
    'rolloutStudio.activeRun',
    vscode.StatusBarAlignment.Left,
    50,
  );
  status.name = 'Rollout Studio: active run';
  status.command = 'workbench.view.extension.rolloutStudio';
  const records = new RecordDocuments();
  records.register(context);

  // Runs are keyed by their directory; a run on an SSH box by "alias:directory", so two boxes'
  // identical paths stay apart.
  const runKey = (box: BoxSession, run: DiscoveredRun) => (box.isLocal ? run.dir : `${box.alias}:${run.dir}`);
  const allMirrors = new Map<string, RunMirror>();
  let active: { mirror: RunMirror; run: DiscoveredRun } | undefined;
  const config = () => vscode.workspace.getConfiguration('rolloutStudio');
  const runsRoot = () => config().get<string>('runsRoot', '~/.rollout-studio/runs');
  const registry = new BoxRegistry(context, sampleAnnotator(profileFromSettings(log)), log, runsRoot);
  const runs = new RunsTree(() => registry.runSources());
  const boxes = new BoxesTree(() => registry.sessions);
  const onBoxesChanged = () => {
    allMirrors.clear();
    for (const box of registry.runSources()) {
      for (const run of box.discovery?.runs ?? []) {
        const mirror = box.mirrors?.byDir.get(run.dir);
        if (!mirror) continue;
        allMirrors.set(runKey(box, run), mirror);
        if (mirror.store.samples.length > 0 && (run.state?.state === 'running' || !active))
          active = { mirror, run };
      }
    }
    boxes.refresh();
    runs.scheduleRefresh();
    // activate() finishes before any change event fires, so viewer exists by the time this runs.
    viewer.runsChanged();
  };
  context.subscriptions.push(registry.onDidChange(onBoxesChanged));

  const runsView = vscode.window.createTreeView('rolloutStudio.runs', {
    treeDataProvider: runs,
    showCollapseAll: true,
  });
  registerExplorerFilter(context, runs, runsView, () => allMirrors.values());

  const showStatus = () => {
    if (!active) return status.hide();
    const latest = active.mirror.tree.latest();
    const reward = latest ? stepReward(latest) : undefined;
    const rate = active.mirror.samplesPerSecond();
    status.text = `$(pulse) ${active.run.record.name}${latest ? ` · ${latest.evaluation ? 'eval' : 'step'} ${latest.step}` : ''}${reward ? ` · reward ${reward.mean.toFixed(2)}` : ''} · ${rate.toFixed(rate < 10 ? 1 : 0)} rollouts/s`;
    status.tooltip = `Rollout Studio: the run that streamed most recently (${active.mirror.store.samples.length} samples)`;
    status.show();
  };
  const statusTimer = setInterval(showStatus, 1000);

  context.subscriptions.push(
    log,
    status,
    { dispose: () => clearInterval(statusTimer) },
    { dispose: () => runs.dispose() },
    { dispose: () => void registry.dispose() },
    runsView,
    vscode.window.createTreeView('rolloutStudio.boxes', { treeDataProvider: boxes }),
  );

  const refresh = () => registry.refresh(runsRoot());
  const monitors = registerRuns({
    context,
    log,
    records,
    registry,
    runsRoot,
    refresh,
    tapMissing: () => runs.scheduleRefresh(),
  });
  runs.progressOf = (box, run) => monitors.progress(box, run);
  runs.tapMissingOf = (box, run) => monitors.tapMissing(box, run);
  const policyServers = registerServers({
    context,
    log,
    registry,
    serversRoot: () => config().get<string>('serversRoot', '~/.rollout-studio/servers'),
  });

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
        if (e.affectsConfiguration('rolloutStudio.runsRoot')) registry.reprobe();
        schedule();
        void refresh();
      }
    }),
  );

  const pickRun = async (node?: RunNode): Promise<RunNode | undefined> => {
    if (node?.run) return node;
    await refresh();
    const all = runs.runs();
    if (all.length === 0) {
      void vscode.window.showInformationMessage(
        'No runs found on the connected boxes. Check the rolloutStudio.runsRoot setting, or connect to a box.',
      );
      return undefined;
    }
    const picked = await vscode.window.showQuickPick(
      all.map((n) => ({
        label: n.run.record.name,
        description: `${n.box.label} · ${n.run.state?.state ?? 'starting'}`,
        detail: n.run.dir,
        n,
      })),
      { placeHolder: 'Select a run' },
    );
    return picked?.n;
  };

  const openRunFile = async (node: RunNode | undefined, file: string) => {
    const picked = await pickRun(node);
    if (!picked?.box.target) return;
    const path = `${picked.run.dir}/${file}`;
    try {
      if (picked.box.isLocal) {
        await vscode.window.showTextDocument(vscode.Uri.file(path), { preview: true });
      } else {
        // Files on an SSH box are shown read-only, as they are at this moment.
        const text = (await picked.box.target.readFile(path)).toString('utf8');
        await records.show(`${picked.box.alias}${path}`, text, file.endsWith('.json') ? 'json' : 'log');
      }
    } catch (e) {
      void vscode.window.showErrorMessage(
        `Cannot open ${path} on ${picked.box.label}: ${(e as Error).message}`,
      );
    }
  };

  const sampleId = (n: SampleNode) =>
    `${n.run.record.id}/${n.sample.evaluation ? 'eval' : 'step'}-${n.sample.step}/group-${n.sample.group}/sample-${n.sample.index}`;

  const connectToBox = async () => {
    let hosts: string[] = [];
    try {
      hosts = configuredHosts(await loadSshConfig(defaultConfigFiles(homedir()), homedir()));
    } catch (e) {
      log.warn(`reading ~/.ssh/config: ${(e as Error).message}`);
    }
    const items: (vscode.QuickPickItem & { alias?: string })[] = [
      ...hosts.map((h) => ({ label: h, description: 'from ~/.ssh/config', alias: h })),
      { label: 'This machine', description: 'always connected', alias: 'local' },
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
    if (!alias || alias === 'local') return;
    const box = await registry.connect(alias, true);
    if (box.state === 'ready') await refresh();
  };

  context.subscriptions.push(
    vscode.commands.registerCommand(
      'rolloutStudio.connectToBox',
      whenTrusted('Connecting to a box', connectToBox),
    ),
    vscode.commands.registerCommand(
      'rolloutStudio.reconnectBox',
      whenTrusted('Connecting to a box', async (node?: { box: BoxSession }) => {
        if (node?.box) await registry.connect(node.box.alias, true);
      }),
    ),
    vscode.commands.registerCommand('rolloutStudio.disconnectBox', async (node?: { box: BoxSession }) => {
      if (node?.box) await registry.disconnect(node.box.alias);
    }),
    vscode.commands.registerCommand('rolloutStudio.refreshRuns', refresh),
    vscode.commands.registerCommand('rolloutStudio.openRolloutFile', async () => {
      if (await openRolloutFile(registry.openedFilesFolder, context.extensionUri, log)) await refresh();
    }),
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
      try {
        const record = await node.mirror.store.readSample(node.sample);
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

  const turnDocuments = new TurnDocuments();
  turnDocuments.register(context);
  const timelines = new ConsoleTimelines();
  const tokenViews = new TokenViews(async () =>
    new TextDecoder().decode(
      await vscode.workspace.fs.readFile(
        vscode.Uri.joinPath(context.extensionUri, 'media', 'convert_debug_train.py'),
      ),
    ),
  );
  // A run's turns are read like its box's installed SGLang (the box probe's version) unless settings pin one.
  const profileForRun = (dir: string | undefined): Profile => {
    const box = dir === undefined ? undefined : runs.runs().find((r) => runKey(r.box, r.run) === dir)?.box;
    return withInstalledSglang(profileFromSettings(log), box?.findings?.packages.sglang);
  };
  const viewer = new TrajectoryViewer({
    context,
    log,
    mirrors: allMirrors,
    runs: () =>
      runs.runs().map((r) => ({
        dir: runKey(r.box, r.run),
        name: r.box.isLocal ? r.run.record.name : `${r.run.record.name} (${r.box.alias})`,
        state: r.run.state?.state ?? 'starting',
        samples: allMirrors.get(runKey(r.box, r.run))?.store.samples.length ?? 0,
      })),
    profile: profileForRun,
    turns: turnDocuments,
    showRecord: async (name, json) => void (await records.show(name, json)),
    replayServers: policyServers,
    timeline: async (dir) => {
      const r = runs.runs().find((n) => runKey(n.box, n.run) === dir);
      const target = r?.box.target;
      if (!r || !target) return { timeline: null, note: 'The run is not on a connected box.' };
      const timeline = await timelines.get(target, `${r.run.dir}/${RUN_FILES.console}`);
      if (!timeline)
        return { timeline: null, note: 'This run has no console.log, so there is no step timeline.' };
      return { timeline, note: null };
    },
    declaredRewardRange: (dir) =>
      runs.runs().find((r) => runKey(r.box, r.run) === dir)?.run.record.rewardRange,
    tokens: tokenViews,
  });
  context.subscriptions.push(
    vscode.commands.registerCommand('rolloutStudio.openDebugTrainData', async (node?: RunNode) => {
      // The dumps are pickles: loading one runs whatever it was made to run.
      if (!(await requireTrust('Loading .pt train dumps'))) return;
      const picked = await pickRun(node);
      if (!picked?.box.target) return;
      const step = await openTrainData(picked.run, picked.box.target, context.extensionUri, log);
      if (step === undefined) return;
      tokenViews.forget(picked.box.target, picked.run.dir, step);
      viewer.open(runKey(picked.box, picked.run));
    }),
  );

  context.subscriptions.push(
    vscode.commands.registerCommand('rolloutStudio.openTrajectoryViewer', async (node?: RunNode) => {
      const picked = await pickRun(node);
      if (picked) viewer.open(runKey(picked.box, picked.run));
    }),
    vscode.commands.registerCommand('rolloutStudio.openSampleInViewer', (node: SampleNode) => {
      const { step, evaluation, group, index } = node.sample;
      const box = registry.runSources().find((b) => b.mirrors?.byDir.get(node.run.dir) === node.mirror);
      if (box) viewer.open(runKey(box, node.run), { step, evaluation, group, index });
    }),
  );
  registerSampleCommands(context, {
    viewer,
    turns: turnDocuments,
    profile: profileForRun,
    runDirOf: (node) => {
      const box = registry.runSources().find((b) => b.mirrors?.byDir.get(node.run.dir) === node.mirror);
      return box && runKey(box, node.run);
    },
    selectedSample: () => runsView.selection.find((n): n is SampleNode => n.kind === 'sample'),
  });

  const linter = new DatasetLinter(log);
  linter.register(context);
  registerLintFileCommand(context, log, linter);
  registerRevealNextProblem(context);
  // The playground checks names and arguments against the tools of what is being looked at: the open
  // dataset, else the active run's latest sample.
  const defaultTools = async (): Promise<LoadedTools | undefined> => {
    const doc = vscode.window.activeTextEditor?.document;
    const fromDataset = doc?.uri.path.endsWith('.jsonl') ? toolsOfJsonl(doc.getText()) : undefined;
    if (fromDataset)
      return { label: `tools of ${doc?.uri.path.split('/').pop() ?? 'the dataset'}`, tools: fromDataset };
    const latest = active?.mirror.store.samples.at(-1);
    if (!active || !latest) return undefined;
    const record = await active.mirror.store.readSample(latest).catch(() => undefined);
    if (record?.tools === undefined) return undefined;
    try {
      return { label: `tools of ${active.run.record.name}`, tools: toolsFromJson(record.tools) };
    } catch {
      return undefined;
    }
  };
  const playground = new ToolCallPlayground(context, log, defaultTools);
  context.subscriptions.push(
    vscode.commands.registerCommand('rolloutStudio.openToolCallPlayground', () => playground.open()),
  );
  log.info(`Rollout Studio ${__ROLLOUT_STUDIO_VERSION__} activated`);
}

export function deactivate(): void {}
