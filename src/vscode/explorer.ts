import * as vscode from 'vscode';
import { sampleKeyString } from '../shared/protocol';
import { RUN_FILES } from '../core/run/runFiles';
import type { DiscoveredRun } from '../remote/runDiscovery';
import type { RunMirror } from '../remote/runMirror';
import type { BoxSession } from './boxes/boxSession';
import { activateExplorerFilter } from './explorerFilter';
import { openRolloutFile } from './openRolloutFile';
import { runLinkFor } from './runLinks';
import type { RunMonitors } from './runs/runMonitors';
import { RunsTree } from './runsTree';
import type { Node, RunNode, SampleNode } from './runsTree';
import type { Services } from './services';
import { pickRun as pickRunOf } from './runs/pickRun';

/** The Runs & Rollouts view, for the features that act on its rows. */
export interface Explorer {
  tree: RunsTree;
  view: vscode.TreeView<Node>;
  /** The clicked run, else one picked from every connected box's runs. */
  pickRun: (node?: RunNode) => Promise<RunNode | undefined>;
  /** The box of a row inside a mirrored run; undefined once the box no longer lists it. */
  boxOf: (node: { run: DiscoveredRun; mirror: RunMirror }) => BoxSession | undefined;
  /** Rows show the progress and missing tap the run monitors read from consoles. */
  showProgress: (monitors: RunMonitors) => void;
}

/** The Runs & Rollouts view: its filter and sort, Refresh, Open Rollout File and the run and sample actions. */
export function activateExplorer(
  context: vscode.ExtensionContext,
  {
    log,
    records,
    registry,
    profiles,
    mirrored,
    refresher,
  }: Pick<Services, 'log' | 'records' | 'registry' | 'profiles' | 'mirrored' | 'refresher'>,
): Explorer {
  const tree = new RunsTree(() => registry.runSources());
  tree.profileOf = (box) => profiles.of(box).said;
  const view = vscode.window.createTreeView('rolloutStudio.runs', {
    treeDataProvider: tree,
    showCollapseAll: true,
    // Several samples, groups or steps are exported together.
    canSelectMany: true,
  });
  activateExplorerFilter(context, { tree, view, mirrors: () => mirrored.byKey.values() });

  const pickRun = async (node?: RunNode): Promise<RunNode | undefined> => {
    if (node?.run) return node;
    await refresher.refreshAll();
    return pickRunOf(
      tree.runs(),
      vscode.l10n.t('Select a run'),
      vscode.l10n.t(
        'No runs found on the connected boxes. Check the rolloutStudio.runsRoot setting, or connect to a box.',
      ),
    );
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
        vscode.l10n.t('Cannot open {0} on {1}: {2}', path, picked.box.label, (e as Error).message),
      );
    }
  };

  const boxOf = (node: { run: DiscoveredRun; mirror: RunMirror }) =>
    registry.runSources().find((b) => b.mirrors?.byDir.get(node.run.dir) === node.mirror);

  const sampleId = (n: SampleNode) => `${n.run.record.id}/${sampleKeyString(n.sample)}`;

  context.subscriptions.push(
    view,
    tree,
    refresher.whileVisible('runs view', view),
    registry.onDidChange(() => tree.scheduleRefresh()),
    vscode.commands.registerCommand('rolloutStudio.refreshRuns', refresher.refreshAll),
    vscode.commands.registerCommand('rolloutStudio.openRolloutFile', async () => {
      if (await openRolloutFile(registry.openedFilesFolder, context.extensionUri, log))
        await refresher.refresh();
    }),
    vscode.commands.registerCommand('rolloutStudio.openConsoleLog', (node?: RunNode) =>
      openRunFile(node, RUN_FILES.console),
    ),
    vscode.commands.registerCommand('rolloutStudio.openRunRecord', (node?: RunNode) =>
      openRunFile(node, RUN_FILES.record),
    ),
    vscode.commands.registerCommand('rolloutStudio.showMore', (node: Parameters<RunsTree['showMore']>[0]) =>
      tree.showMore(node),
    ),
    vscode.commands.registerCommand('rolloutStudio.openRawRecord', async (node: SampleNode) => {
      try {
        const record = await node.mirror.store.readSample(node.sample);
        await records.show(`${sampleId(node)}.json`, JSON.stringify(record, null, 2));
      } catch (e) {
        void vscode.window.showErrorMessage(
          vscode.l10n.t("Cannot read the sample's record: {0}", (e as Error).message),
        );
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
  );
  return {
    tree,
    view,
    pickRun,
    boxOf,
    showProgress: (monitors) => {
      tree.progressOf = (box, run) => monitors.progress(box, run);
      tree.tapMissingOf = (box, run) => monitors.tapMissing(box, run);
    },
  };
}
