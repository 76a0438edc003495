import * as vscode from 'vscode';
import { RUN_FILES } from '../../core/run/runFiles';
import { runKey } from '../../core/run/runKey';
import { DEMO_RUN_ID } from '../../remote/demo/writeDemoRun';
import { ConsoleTimelines } from '../../remote/consoleTimeline';
import type { Explorer } from '../explorer';
import { openTrainData } from '../openTrainData';
import { runLinkFor } from '../runLinks';
import type { RunNode, SampleNode } from '../runsTree';
import { activateSampleCommands } from '../sampleCommands';
import type { ServersApi } from '../servers/activateServers';
import type { Services } from '../services';
import type { BoxSglangChecks } from '../toolcall/boxSglangChecks';
import { requireTrust } from '../trust';
import { TokenViews } from './tokenViews';
import { TrajectoryViewer } from './trajectoryViewer';
import { openDemoRun } from './openDemoRun';
import { TurnDocuments } from './turnDocuments';
import { RunInfraService, infraRunOf } from './runInfra';
import { activateSavedViews } from './activateSavedViews';
import { RunSavedViews } from './runSavedViews';

export interface ViewerDeps extends Pick<
  Services,
  'log' | 'records' | 'registry' | 'profiles' | 'mirrored' | 'refresher' | 'walkthrough'
> {
  explorer: Explorer;
  servers: ServersApi;
  sglangChecks: BoxSglangChecks;
}

/**
 * The Trajectory Viewer and what opens it: Open Trajectory Viewer, Open Demo Run, a sample's Open in
 * Viewer, Open Debug Train Data, and the explorer's compare and turn actions. Returns the viewer, which links open.
 */
export function activateViewer(context: vscode.ExtensionContext, deps: ViewerDeps): TrajectoryViewer {
  const { log, records, registry, profiles, mirrored, refresher, walkthrough, explorer } = deps;
  const turns = new TurnDocuments();
  const timelines = new ConsoleTimelines();
  const tokens = new TokenViews(async () =>
    new TextDecoder().decode(
      await vscode.workspace.fs.readFile(
        vscode.Uri.joinPath(context.extensionUri, 'media', 'convert_debug_train.py'),
      ),
    ),
  );
  const runOf = (key: string | undefined) =>
    key === undefined ? undefined : explorer.tree.runs().find((r) => runKey(r.box.alias, r.run.dir) === key);
  const profile = (key: string | undefined) => profiles.of(runOf(key)?.box).profile;
  const infra = new RunInfraService(
    infraRunOf(() => explorer.tree.runs(), mirrored.byKey),
    timelines,
  );
  const saved = new RunSavedViews(mirrored.byKey, log);
  const viewer = new TrajectoryViewer({
    saved,
    context,
    log,
    mirrors: mirrored.byKey,
    runs: () =>
      explorer.tree.runs().map((r) => {
        const key = runKey(r.box.alias, r.run.dir);
        return {
          runKey: key,
          name: r.box.isLocal
            ? r.run.record.name
            : vscode.l10n.t('{0} ({1})', r.run.record.name, r.box.alias),
          state: r.run.state?.state ?? 'starting',
          samples: mirrored.byKey.get(key)?.store.samples.length ?? 0,
          toolCalls: profiles.of(r.box).said,
        };
      }),
    profile,
    turns,
    showRecord: async (name, json) => void (await records.show(name, json)),
    replayServers: deps.servers.policyServers,
    sglangChecks: deps.sglangChecks,
    boxOf: (key) => runOf(key)?.box,
    timeline: async (key) => {
      const r = runOf(key);
      const target = r?.box.target;
      if (!r || !target) return { timeline: null, note: vscode.l10n.t('The run is not on a connected box.') };
      const timeline = (await timelines.get(target, `${r.run.dir}/${RUN_FILES.console}`))?.timeline;
      if (!timeline)
        return {
          timeline: null,
          note: vscode.l10n.t('This run has no console.log, so there is no step timeline.'),
        };
      return { timeline, note: null };
    },
    infra: (key) => infra.get(key),
    declaredRewardRange: (key) => runOf(key)?.run.record.rewardRange,
    tokens,
    sampleShown: (detail) => walkthrough.sampleShown(detail),
    link: (key, sample) => {
      const r = runOf(key);
      return r && runLinkFor(context, r.box, r.run, sample);
    },
  });
  const keyOf = (node: Parameters<Explorer['boxOf']>[0]) => {
    const box = explorer.boxOf(node);
    return box && runKey(box.alias, node.run.dir);
  };

  context.subscriptions.push(
    saved,
    turns,
    infra,
    viewer,
    refresher.whileVisible('viewer', viewer, () => walkthrough.viewerShown()),
    registry.onDidChange(() => viewer.runsChanged()),
    vscode.commands.registerCommand('rolloutStudio.openDebugTrainData', async (node?: RunNode) => {
      // The dumps are pickles: loading one runs whatever it was made to run.
      if (!(await requireTrust(vscode.l10n.t('Loading .pt train dumps')))) return;
      const picked = await explorer.pickRun(node);
      if (!picked?.box.target) return;
      const step = await openTrainData(picked.run, picked.box.target, context.extensionUri, log);
      if (step === undefined) return;
      tokens.forget(picked.box.target, picked.run.dir, step);
      viewer.open(runKey(picked.box.alias, picked.run.dir));
    }),
    vscode.commands.registerCommand('rolloutStudio.openTrajectoryViewer', async (node?: RunNode) => {
      const picked = await explorer.pickRun(node);
      if (picked) viewer.open(runKey(picked.box.alias, picked.run.dir));
    }),
    vscode.commands.registerCommand('rolloutStudio.openDemoRun', () =>
      openDemoRun({
        folder: registry.demoFolder,
        extensionUri: context.extensionUri,
        log,
        refresh: refresher.refresh,
        open: (key) => viewer.open(key),
        listed: () => {
          const local = registry.sessions.find((s) => s.isLocal);
          const demo = local?.discovery?.runs.find(
            (r) =>
              r.record.demo === true &&
              r.record.id === DEMO_RUN_ID &&
              r.state?.state === 'exited' &&
              r.state.exitCode === 0,
          );
          return local && demo ? runKey(local.alias, demo.dir) : undefined;
        },
      }),
    ),
    vscode.commands.registerCommand('rolloutStudio.openSampleInViewer', (node: SampleNode) => {
      const { step, evaluation, group, index } = node.sample;
      const key = keyOf(node);
      if (key) viewer.open(key, { step, evaluation, group, index });
    }),
  );
  activateSavedViews(context, { saved, explorer, mirrors: mirrored.byKey, profile });
  activateSampleCommands(context, {
    viewer,
    turns,
    profile,
    runKeyOf: keyOf,
    selectedSample: () => explorer.view.selection.find((n): n is SampleNode => n.kind === 'sample'),
  });
  return viewer;
}
