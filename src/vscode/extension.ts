import '../core/zodSetup';
import * as vscode from 'vscode';
import { RUN_FILES } from '../core/run/runFiles';
import { runKey } from '../core/run/runKey';
import { ConsoleTimelines } from '../remote/consoleTimeline';
import { activateActiveRunStatus } from './activeRunStatus';
import { activateBoxes } from './boxes/activateBoxes';
import { BoxRegistry } from './boxes/boxRegistry';
import { activateLog } from './log';
import { MirroredRuns } from './mirroredRuns';
import { RunRefresh } from './runRefresh';
import type { Services } from './services';
import { runsRoot, serversRoot } from './settingsRoots';
import { BoxProfiles } from './toolcall/boxProfiles';
import { activateEval } from './eval/activateEval';
import { activateExplorer } from './explorer';
import { openTrainData } from './openTrainData';
import { RecordDocuments } from './recordDocuments';
import { activatePipelines } from './pipeline/activatePipelines';
import { activateRuns } from './runs/activateRuns';
import { activateServers } from './servers/activateServers';
import type { RunNode, SampleNode } from './runsTree';
import { activateToolCalls } from './toolcall/activateToolCalls';
import { registerSampleCommands } from './sampleCommands';
import { profileFromSettings } from './toolcall/settings';
import type { Profile } from '../core/toolcall/types';
import { TokenViews } from './viewer/tokenViews';
import { TrajectoryViewer } from './viewer/trajectoryViewer';
import { TurnDocuments } from './viewer/turnDocuments';
import { registerRunLinks, runLinkFor } from './runLinks';
import { requireTrust } from './trust';
import { WalkthroughProgress } from './walkthrough';

export function activate(context: vscode.ExtensionContext): void {
  const log = activateLog(context);
  const profiles = new BoxProfiles(log);
  const registry = new BoxRegistry(context, profiles.annotationOf, log, runsRoot);
  const services: Services = {
    log,
    records: new RecordDocuments(),
    registry,
    profiles,
    // Before every feature: their listeners to box changes see this change's mirrors.
    mirrored: new MirroredRuns(registry),
    refresher: new RunRefresh(registry),
    walkthrough: new WalkthroughProgress(context.extension.id),
    runsRoot,
    serversRoot,
  };
  const { records, mirrored, refresher, walkthrough } = services;
  context.subscriptions.push(records, registry, mirrored, refresher, walkthrough);

  activateBoxes(context, services);
  activateActiveRunStatus(context, services);
  const explorer = activateExplorer(context, services);
  const runsApi = activateRuns(context, {
    ...services,
    refresh: refresher.refreshAll,
    tapMissing: () => explorer.tree.scheduleRefresh(),
    following: refresher.following,
  });
  explorer.showProgress(runsApi.monitors);
  const serversApi = activateServers(context, services);
  profiles.readFrom(serversApi.policyServers);
  activateEval(context, { ...services, refresh: refresher.refresh });
  activatePipelines(context, {
    ...services,
    profile: () => profileFromSettings(log),
    runs: runsApi,
    servers: serversApi,
  });
  const { refresh } = refresher;
  const runs = explorer.tree;
  const { pickRun, boxOf } = explorer;
  // activate() finishes before any change event fires, so viewer exists by the time this runs.
  context.subscriptions.push(registry.onDidChange(() => viewer.runsChanged()));

  const turnDocuments = new TurnDocuments();
  const timelines = new ConsoleTimelines();
  const tokenViews = new TokenViews(async () =>
    new TextDecoder().decode(
      await vscode.workspace.fs.readFile(
        vscode.Uri.joinPath(context.extensionUri, 'media', 'convert_debug_train.py'),
      ),
    ),
  );
  const boxOfRun = (dir: string | undefined) =>
    dir === undefined ? undefined : runs.runs().find((r) => runKey(r.box.alias, r.run.dir) === dir)?.box;
  const profileForRun = (dir: string | undefined): Profile => profiles.of(boxOfRun(dir)).profile;
  const sglangChecks = activateToolCalls(context, services);
  const viewer = new TrajectoryViewer({
    context,
    log,
    mirrors: mirrored.byKey,
    runs: () =>
      runs.runs().map((r) => ({
        dir: runKey(r.box.alias, r.run.dir),
        name: r.box.isLocal ? r.run.record.name : `${r.run.record.name} (${r.box.alias})`,
        state: r.run.state?.state ?? 'starting',
        samples: mirrored.byKey.get(runKey(r.box.alias, r.run.dir))?.store.samples.length ?? 0,
        toolCalls: profiles.of(r.box).said,
      })),
    profile: profileForRun,
    turns: turnDocuments,
    showRecord: async (name, json) => void (await records.show(name, json)),
    replayServers: serversApi.policyServers,
    sglangChecks,
    boxOf: boxOfRun,
    timeline: async (dir) => {
      const r = runs.runs().find((n) => runKey(n.box.alias, n.run.dir) === dir);
      const target = r?.box.target;
      if (!r || !target) return { timeline: null, note: 'The run is not on a connected box.' };
      const timeline = await timelines.get(target, `${r.run.dir}/${RUN_FILES.console}`);
      if (!timeline)
        return { timeline: null, note: 'This run has no console.log, so there is no step timeline.' };
      return { timeline, note: null };
    },
    declaredRewardRange: (dir) =>
      runs.runs().find((r) => runKey(r.box.alias, r.run.dir) === dir)?.run.record.rewardRange,
    tokens: tokenViews,
    sampleShown: (detail) => walkthrough.sampleShown(detail),
    link: (dir, key) => {
      const r = runs.runs().find((n) => runKey(n.box.alias, n.run.dir) === dir);
      return r && runLinkFor(context, r.box, r.run, key);
    },
  });
  context.subscriptions.push(
    turnDocuments,
    viewer,
    refresher.whileVisible('viewer', viewer, () => walkthrough.viewerShown()),
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
      viewer.open(runKey(picked.box.alias, picked.run.dir));
    }),
  );

  context.subscriptions.push(
    vscode.commands.registerCommand('rolloutStudio.openTrajectoryViewer', async (node?: RunNode) => {
      const picked = await pickRun(node);
      if (picked) viewer.open(runKey(picked.box.alias, picked.run.dir));
    }),
    vscode.commands.registerCommand('rolloutStudio.openSampleInViewer', (node: SampleNode) => {
      const { step, evaluation, group, index } = node.sample;
      const box = boxOf(node);
      if (box) viewer.open(runKey(box.alias, node.run.dir), { step, evaluation, group, index });
    }),
  );
  registerRunLinks({
    context,
    registry,
    log,
    refresh,
    open: (box, run, sample, turn) => viewer.open(runKey(box.alias, run.dir), sample, null, turn),
  });
  registerSampleCommands(context, {
    viewer,
    turns: turnDocuments,
    profile: profileForRun,
    runDirOf: (node) => {
      const box = boxOf(node);
      return box && runKey(box.alias, node.run.dir);
    },
    selectedSample: () => explorer.view.selection.find((n): n is SampleNode => n.kind === 'sample'),
  });

  log.info(`Rollout Studio ${__ROLLOUT_STUDIO_VERSION__} activated`);
}

export function deactivate(): void {}
