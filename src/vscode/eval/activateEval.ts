import * as vscode from 'vscode';
import type { DiscoveredRun } from '../../remote/runDiscovery';
import type { BoxRegistry } from '../boxes/boxRegistry';
import type { BoxSession } from '../boxes/boxSession';
import type { RunNode } from '../runsTree';
import { whenTrusted } from '../trust';
import { evaluateCheckpoint } from './evaluateCheckpoint';
import type { EvaluateCheckpointArgs } from './evaluateCheckpoint';
import { followEval, readEvalRun } from './evalRuns';
import { StageComparisonPanel } from './stageComparisonPanel';

export interface EvalDeps {
  log: vscode.LogOutputChannel;
  registry: BoxRegistry;
  runsRoot: () => string;
  serversRoot: () => string;
  refresh: () => Promise<void>;
}

/**
 * Evaluate Checkpoint (also what a checkpoint's Evaluate action calls, with its box, run, iteration and
 * folder), Compare Stages, and an eval stage's Open Eval Results.
 */
export function activateEval(
  context: vscode.ExtensionContext,
  { log, registry, runsRoot, serversRoot, refresh }: EvalDeps,
): void {
  const panel = new StageComparisonPanel(context, () => registry.sessions);
  context.subscriptions.push(
    vscode.commands.registerCommand(
      'rolloutStudio.evaluateCheckpoint',
      whenTrusted(vscode.l10n.t('Evaluating a checkpoint'), async (args?: EvaluateCheckpointArgs) => {
        // The checkpoint's box may be one remembered from last time and not connected yet.
        await registry.connectSaved();
        return evaluateCheckpoint(
          {
            context,
            log,
            boxes: () => registry.sessions,
            runsRoot,
            serversRoot,
            launched: (box, run) => {
              void refresh();
              const follow = followEval(box, run, log, () => {
                follow.dispose();
                void refresh();
              });
              context.subscriptions.push(follow);
            },
          },
          args,
        );
      }),
    ),
    // An eval stage of the Pipelines view: its attempts in the viewer, read first if they were not yet.
    vscode.commands.registerCommand(
      'rolloutStudio.openEvalResults',
      async (node?: { box: BoxSession; run: DiscoveredRun }) => {
        const target = node?.box.target;
        if (!node || !target) return;
        try {
          await vscode.window.withProgress(
            {
              location: vscode.ProgressLocation.Window,
              title: vscode.l10n.t('Reading {0}…', node.run.record.name),
            },
            () => readEvalRun(target, node.run),
          );
        } catch (e) {
          return void vscode.window.showErrorMessage(
            vscode.l10n.t(
              'Rollout Studio: cannot read the eval {0}: {1}',
              node.run.record.name,
              (e as Error).message,
            ),
          );
        }
        await refresh();
        const run: RunNode = { kind: 'run', box: node.box, run: node.run };
        await vscode.commands.executeCommand('rolloutStudio.openTrajectoryViewer', run);
      },
    ),
    vscode.commands.registerCommand('rolloutStudio.compareStages', async () => {
      await registry.connectSaved();
      await refresh();
      await panel.open();
    }),
  );
}
