import '../core/zodSetup';
import { homedir } from 'node:os';
import * as vscode from 'vscode';
import { RUN_FILES } from '../core/run/runFiles';
import { sampleAnnotator } from '../core/store/annotateSample';
import { stepReward } from '../core/store/rolloutTree';
import { ConsoleTimelines } from '../remote/consoleTimeline';
import { PausableInterval } from '../remote/pausableInterval';
import { configuredHosts, defaultConfigFiles, loadSshConfig } from '../remote/sshConfigFile';
import type { DiscoveredRun } from '../remote/runDiscovery';
import type { RunMirror } from '../remote/runMirror';
import { BoxRegistry } from './boxes/boxRegistry';
import { MirrorModes, registerMirrorModeCommand } from './runs/mirrorModes';
import type { BoxSession } from './boxes/boxSession';
import { BoxesTree } from './boxesTree';
import { registerEval } from './eval/registerEval';
import { registerExplorerFilter } from './explorerFilter';
import { openRolloutFile } from './openRolloutFile';
import { openTrainData } from './openTrainData';
import { RecordDocuments } from './recordDocuments';
import { registerPipelines } from './pipeline/registerPipelines';
import { registerRuns } from './runs/registerRuns';
import { runKey } from './runKey';
import { RunsTree } from './runsTree';
import { registerServers } from './servers/registerServers';
import type { RunNode, SampleNode } from './runsTree';
import { BoxSglangChecks } from './toolcall/boxSglangChecks';
import { registerCheckTurnCommand } from './toolcall/checkTurnCommand';
import { DatasetLinter } from './toolcall/datasetLinter';
import { registerLintFileCommand } from './toolcall/lintFileCommand';
import { registerRevealNextProblem } from './toolcall/revealNextProblem';
import { ToolCallPlayground } from './toolcall/playground';
import { registerSampleCommands } from './sampleCommands';
import { profileFromSettings } from './toolcall/settings';
import { runProfile } from '../core/toolcall/runProfile';
import type { RunProfile } from '../core/toolcall/runProfile';
import type { Annotation } from '../core/store/recordEntry';
import type { Profile } from '../core/toolcall/types';
import { TokenViews } from './viewer/tokenViews';
import { TrajectoryViewer } from './viewer/trajectoryViewer';
import { TurnDocuments } from './viewer/turnDocuments';
import { registerRunLinks, runLinkFor } from './runLinks';
import { requireTrust, whenTrusted } from './trust';
import { WalkthroughProgress } from './walkthrough';
import { wantWhileVisible } from './wantWhileVisible';
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

  const allMirrors = new Map<string, RunMirror>();
  let active: { mirror: RunMirror; run: DiscoveredRun } | undefined;
  const config = () => vscode.workspace.getConfiguration('rolloutStudio');
  const runsRoot = () => config().get<string>('runsRoot', '~/.rollout-studio/runs');
  // A run's turns are read like its box's installed SGLang (the box probe, else a ready server's
  // /server_info) unless the settings pin a release; opened files like the settings or the default.
  // Set once the Servers view exists, before any box is refreshed (when the first profile is asked for).
  let serverSglang: (box: BoxSession) => string | undefined = () => undefined;
  const profileOfBox = (box: BoxSession | undefined): RunProfile =>
    runProfile(
      profileFromSettings(log),
      box === undefined || box === registry.openedFiles
        ? undefined
        : {
            version: box.findings?.packages.sglang ?? serverSglang(box),
            box: box.label,
          },
    );
  const annotators = new Map<string, Annotation>();
  const annotationOf = (box: BoxSession): Annotation => {
    const { profile, key } = profileOfBox(box);
    let a = annotators.get(key);
    if (!a) annotators.set(key, (a = { annotate: sampleAnnotator(profile), key }));
    return a;
  };
  const mirrorModes = new MirrorModes(context);
  registerMirrorModeCommand(context, mirrorModes);
  const registry = new BoxRegistry(context, annotationOf, log, runsRoot, mirrorModes);
  const walkthrough = new WalkthroughProgress(context);
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
    // The box's release may have become known (probe, a server got ready) or the settings changed.
    for (const box of registry.runSources()) box.reannotate();
    walkthrough.boxesChanged(registry.sessions);
    statusTicks.want('active run streams', active?.run.state?.state === 'running');
    showStatus();
    boxes.refresh();
    runs.scheduleRefresh();
    // activate() finishes before any change event fires, so viewer exists by the time this runs.
    viewer.runsChanged();
  };
  context.subscriptions.push(registry.onDidChange(onBoxesChanged));

  const runsView = vscode.window.createTreeView('rolloutStudio.runs', {
    treeDataProvider: runs,
    showCollapseAll: true,
    // Several samples, groups or steps are exported together.
    canSelectMany: true,
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
  // The rate decays between rollouts, so it is repainted each second, while the run it names streams.
  const statusTicks = new PausableInterval(1000, showStatus);
  const boxesView = vscode.window.createTreeView('rolloutStudio.boxes', { treeDataProvider: boxes });

  context.subscriptions.push(
    log,
    status,
    statusTicks,
    { dispose: () => runs.dispose() },
    { dispose: () => void registry.dispose() },
    runsView,
    boxesView,
  );

  const refresh = () => registry.refresh(runsRoot());
  // What a person asked for (a pick, a stop, a link) also needs the boxes remembered from last time.
  const refreshAll = async () => {
    await registry.connectSaved();
    await refresh();
  };
  // Re-reading the runs directories: while a view or viewer shows them, or a live run is followed
  // (its exit is noticed here). Otherwise nothing asks the box anything.
  const refreshTicks = new PausableInterval(1000, () => void refresh());
  const runsApi = registerRuns({
    context,
    log,
    records,
    registry,
    runsRoot,
    refresh: refreshAll,
    tapMissing: () => runs.scheduleRefresh(),
    following: (live) => refreshTicks.want('a live run is followed', live),
  });
  const monitors = runsApi.monitors;
  runs.progressOf = (box, run) => monitors.progress(box, run);
  runs.tapMissingOf = (box, run) => monitors.tapMissing(box, run);
  const serversRoot = () => config().get<string>('serversRoot', '~/.rollout-studio/servers');
  const serversApi = registerServers({ context, log, registry, serversRoot });
  serverSglang = (box) => serversApi.policyServers.sglangVersionOn(box);
  registerEval({ context, log, registry, runsRoot, serversRoot, refresh });

  const pipelinesView = registerPipelines({
    context,
    log,
    records,
    registry,
    runsRoot,
    refresh,
    profile: () => profileFromSettings(log),
    runs: runsApi,
    servers: serversApi,
  });

  const schedule = () =>
    refreshTicks.setPeriod(Math.max(0.5, config().get<number>('refreshIntervalSeconds', 2)) * 1000);
  schedule();
  // A view that shows needs the remembered boxes; the first refresh then lists their runs.
  const shown = () => void registry.connectSaved().then(refresh);
  context.subscriptions.push(
    refreshTicks,
    wantWhileVisible(refreshTicks, 'runs view', runsView, shown),
    wantWhileVisible(refreshTicks, 'boxes view', boxesView, shown),
    wantWhileVisible(refreshTicks, 'pipelines view', pipelinesView, shown),
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
    await refreshAll();
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

  const boxOf = (node: { run: DiscoveredRun; mirror: RunMirror }) =>
    registry.runSources().find((b) => b.mirrors?.byDir.get(node.run.dir) === node.mirror);

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
    vscode.commands.registerCommand('rolloutStudio.refreshRuns', refreshAll),
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
    vscode.commands.registerCommand('rolloutStudio.copyLinkToSample', async (node: SampleNode) => {
      const box = boxOf(node);
      if (!box) return;
      const { step, evaluation, group, index } = node.sample;
      await vscode.env.clipboard.writeText(
        runLinkFor(context, box, node.run, { step, evaluation, group, index }),
      );
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
  const boxOfRun = (dir: string | undefined) =>
    dir === undefined ? undefined : runs.runs().find((r) => runKey(r.box, r.run) === dir)?.box;
  const profileForRun = (dir: string | undefined): Profile => profileOfBox(boxOfRun(dir)).profile;
  runs.profileOf = (box) => profileOfBox(box).said;
  const sglangChecks = new BoxSglangChecks(registry, context.extensionUri, log);
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
        toolCalls: profileOfBox(r.box).said,
      })),
    profile: profileForRun,
    turns: turnDocuments,
    showRecord: async (name, json) => void (await records.show(name, json)),
    replayServers: serversApi.policyServers,
    sglangChecks,
    boxOf: boxOfRun,
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
    sampleShown: (detail) => walkthrough.sampleShown(detail),
    link: (dir, key) => {
      const r = runs.runs().find((n) => runKey(n.box, n.run) === dir);
      return r && runLinkFor(context, r.box, r.run, key);
    },
  });
  context.subscriptions.push(
    wantWhileVisible(refreshTicks, 'viewer', viewer, () => {
      walkthrough.viewerShown();
      shown();
    }),
  );
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
      const box = boxOf(node);
      if (box) viewer.open(runKey(box, node.run), { step, evaluation, group, index });
    }),
  );
  registerRunLinks({
    context,
    registry,
    log,
    refresh,
    open: (box, run, sample, turn) => viewer.open(runKey(box, run), sample, null, turn),
  });
  registerSampleCommands(context, {
    viewer,
    turns: turnDocuments,
    profile: profileForRun,
    runDirOf: (node) => {
      const box = boxOf(node);
      return box && runKey(box, node.run);
    },
    selectedSample: () => runsView.selection.find((n): n is SampleNode => n.kind === 'sample'),
  });

  const linter = new DatasetLinter(log);
  linter.register(context);
  registerLintFileCommand(context, log, linter);
  registerCheckTurnCommand(context, { log, linter, checks: sglangChecks, records });
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
