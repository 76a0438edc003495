import { withCancellableProgress } from './cancellableProgress';
import * as vscode from 'vscode';
import { bestOtherInGroup } from '../core/store/rolloutTree';
import type { SampleEntry } from '../core/store/sampleIndex';
import type { Profile } from '../core/toolcall/types';
import type { SampleKey } from '../shared/protocol';
import type { Node, SampleNode } from './runsTree';
import type { RunMirror } from '../remote/runMirror';
import type { DiscoveredRun } from '../remote/runDiscovery';
import { exportRows } from './viewer/exportFiles';
import { RunViewerData } from '../core/viewer/runViewerData';
import { trajectoryOf } from '../core/viewer/sampleDetail';
import type { TrajectoryViewer } from './viewer/trajectoryViewer';
import type { TurnDocuments } from './viewer/turnDocuments';

export interface SampleCommandDeps {
  viewer: TrajectoryViewer;
  turns: TurnDocuments;
  profile: (runKey: string | undefined) => Profile;
  /** The viewer's name for the node's run; undefined when its box is no longer listed. */
  runKeyOf: (node: RowOfRun) => string | undefined;
  /** The sample selected in the Runs & Rollouts view, if a sample is. */
  selectedSample: () => SampleNode | undefined;
}

/** An explorer row inside a mirrored run (a step, group or sample). */
type RowOfRun = { run: DiscoveredRun; mirror: RunMirror };

const keyOf = (s: SampleEntry): SampleKey => ({
  step: s.step,
  evaluation: s.evaluation,
  group: s.group,
  index: s.index,
});

// Quick pick labels render $(name) as an icon; model text must show as written.
const plain = (text: string) => text.replaceAll('$(', '$\u200b(');

/** Explorer sample actions that hand over to the trajectory viewer's compare and turn documents. */
export function activateSampleCommands(context: vscode.ExtensionContext, deps: SampleCommandDeps): void {
  // The context menu passes its row; a menu item picked while the tree repaints can arrive without it,
  // and then the row the user selected is meant.
  const target = (node: SampleNode | undefined): SampleNode | undefined => {
    const picked = node?.kind === 'sample' ? node : deps.selectedSample();
    if (!picked)
      void vscode.window.showInformationMessage(vscode.l10n.t('Select a sample in Runs & Rollouts first.'));
    return picked;
  };
  context.subscriptions.push(
    vscode.commands.registerCommand('rolloutStudio.compareWithBestOfGroup', (arg?: SampleNode) => {
      const node = target(arg);
      if (!node) return;
      const s = node.sample;
      const group = node.mirror.tree.group(s.step, s.evaluation, s.group);
      const best = group && bestOtherInGroup(node.mirror.store.samples, group, s);
      if (!best) {
        void vscode.window.showInformationMessage(
          group && group.seqs.length > 1
            ? vscode.l10n.t(
                'No other sample of group {0} has a reward yet; there is no best to compare with.',
                s.group,
              )
            : vscode.l10n.t(
                'Sample #{0} is alone in group {1} so far; there is nothing to compare it with.',
                s.index,
                s.group,
              ),
        );
        return;
      }
      const runKey = deps.runKeyOf(node);
      if (runKey) deps.viewer.open(runKey, keyOf(s), keyOf(best));
    }),
    vscode.commands.registerCommand(
      'rolloutStudio.exportSelectedSamples',
      async (arg?: Node, all?: Node[]) => {
        // A menu on one of several selected rows passes the row and the whole selection.
        const picked = all?.length ? all : arg ? [arg] : [];
        const entries = new Map<RunMirror, { node: RowOfRun; samples: SampleEntry[] }>();
        for (const n of picked) {
          if (n.kind !== 'sample' && n.kind !== 'group' && n.kind !== 'step') continue;
          const samples =
            n.kind === 'sample'
              ? [n.sample]
              : (n.kind === 'group' ? [n.group] : [...n.step.groups.values()]).flatMap((g) =>
                  g.seqs.map((seq) => n.mirror.store.samples.at(seq)!),
                );
          const into = entries.get(n.mirror) ?? { node: n, samples: [] };
          into.samples.push(...samples);
          entries.set(n.mirror, into);
        }
        const [only, ...more] = [...entries.entries()];
        if (!only || more.length > 0) {
          void vscode.window.showInformationMessage(
            only
              ? vscode.l10n.t('Select samples, groups or steps of one run to export them together.')
              : vscode.l10n.t('Select samples, groups or steps in Runs & Rollouts first.'),
          );
          return;
        }
        const [mirror, { node, samples }] = only;
        // A sample picked with its group or step is exported once.
        const unique = [
          ...new Map(samples.map((e) => [`${e.evaluation}:${e.step}:${e.group}:${e.index}`, e])).values(),
        ];
        const data = new RunViewerData(
          node.run.dir,
          mirror.store,
          deps.profile(deps.runKeyOf(node)),
          () => {},
        );
        try {
          const rows = await withCancellableProgress(
            vscode.l10n.t('Reading the samples to export'),
            (control) => data.rowsOf(unique.map(keyOf), control),
          );
          if (rows) await exportRows(rows, node.run.record.name);
        } catch (e) {
          void vscode.window.showErrorMessage(
            vscode.l10n.t('Cannot export the samples: {0}', (e as Error).message),
          );
        } finally {
          data.dispose();
        }
      },
    ),
    vscode.commands.registerCommand('rolloutStudio.openTurnInEditor', async (arg?: SampleNode) => {
      const node = target(arg);
      if (!node) return;
      try {
        const sample = trajectoryOf(
          await node.mirror.store.readSample(node.sample),
          deps.profile(deps.runKeyOf(node)),
        );
        const items = sample.turns.flatMap((turn, index) => {
          if (turn.role !== 'assistant') return [];
          const diagnostics = turn.analysis?.diagnostics ?? [];
          const errors = diagnostics.filter((d) => d.severity === 'error').length;
          const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
          const firstLine = turn.text.trim().split('\n')[0] ?? '';
          return [
            {
              label: vscode.l10n.t('Turn {0}', index),
              description:
                errors + warnings === 0
                  ? vscode.l10n.t('{0} tool calls · no diagnostics', turn.analysis?.calls.length ?? 0)
                  : `${errors === 1 ? vscode.l10n.t('1 error') : vscode.l10n.t('{0} errors', errors)} · ${warnings === 1 ? vscode.l10n.t('1 warning') : vscode.l10n.t('{0} warnings', warnings)}`,
              detail: plain(firstLine.length > 120 ? `${firstLine.slice(0, 120)}…` : firstLine),
              index,
              turn,
            },
          ];
        });
        if (items.length === 0) {
          void vscode.window.showInformationMessage(vscode.l10n.t('This sample has no assistant turns.'));
          return;
        }
        const picked = await vscode.window.showQuickPick(items, {
          title: vscode.l10n.t('Open a turn of sample #{0} in an editor', node.sample.index),
          placeHolder: vscode.l10n.t('Assistant turns, with their tool-call diagnostics'),
          matchOnDescription: true,
        });
        if (!picked) return;
        await deps.turns.showTurn(keyOf(node.sample), picked.index, {
          text: picked.turn.text,
          analysis: picked.turn.analysis,
        });
      } catch (e) {
        void vscode.window.showErrorMessage(vscode.l10n.t('Cannot open the turn: {0}', (e as Error).message));
      }
    }),
  );
}
