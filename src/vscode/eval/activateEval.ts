import * as vscode from 'vscode';
import type { BoxRegistry } from '../boxes/boxRegistry';
import { whenTrusted } from '../trust';
import { evaluateCheckpoint } from './evaluateCheckpoint';
import type { EvaluateCheckpointArgs } from './evaluateCheckpoint';
import { followEval } from './evalRuns';
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
 * folder) and Compare Stages.
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
    vscode.commands.registerCommand('rolloutStudio.compareStages', async () => {
      await registry.connectSaved();
      await refresh();
      await panel.open();
    }),
  );
}
