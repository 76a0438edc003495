import * as vscode from 'vscode';
import { toolsFromJson, toolsOfJsonl } from '../../core/toolcall/tools';
import type { Services } from '../services';
import { BoxSglangChecks } from './boxSglangChecks';
import { activateCheckTurnCommand } from './checkTurnCommand';
import { DatasetLinter } from './datasetLinter';
import { activateLintFileCommand } from './lintFileCommand';
import { ToolCallPlayground } from './playground';
import { activateRevealNextProblem } from './revealNextProblem';
import type { LoadedTools } from './settings';

/**
 * Tool calls in the editor: dataset squiggles, hovers and fixes, Lint Tool Calls in File, Check with
 * the Box's SGLang, Reveal Next Problem and the Tool-Call Playground. Returns the box checks, which the
 * viewer asks too.
 */
export function activateToolCalls(
  context: vscode.ExtensionContext,
  { log, records, registry, mirrored }: Pick<Services, 'log' | 'records' | 'registry' | 'mirrored'>,
): BoxSglangChecks {
  const checks = new BoxSglangChecks(registry, context.extensionUri, log);
  const linter = new DatasetLinter(log);
  context.subscriptions.push(linter);
  activateLintFileCommand(context, { log, linter });
  activateCheckTurnCommand(context, { log, linter, checks, records });
  activateRevealNextProblem(context);
  // The playground checks names and arguments against the tools of what is being looked at: the open
  // dataset, else the active run's latest sample.
  const defaultTools = async (): Promise<LoadedTools | undefined> => {
    const doc = vscode.window.activeTextEditor?.document;
    const fromDataset = doc?.uri.path.endsWith('.jsonl') ? toolsOfJsonl(doc.getText()) : undefined;
    if (fromDataset)
      return {
        label: vscode.l10n.t('tools of {0}', doc?.uri.path.split('/').pop() ?? vscode.l10n.t('the dataset')),
        tools: fromDataset,
      };
    const active = mirrored.active;
    const latest = active?.mirror.store.samples.at(-1);
    if (!active || !latest) return undefined;
    const record = await active.mirror.store.readSample(latest).catch(() => undefined);
    if (record?.tools === undefined) return undefined;
    try {
      return {
        label: vscode.l10n.t('tools of {0}', active.run.record.name),
        tools: toolsFromJson(record.tools),
      };
    } catch {
      return undefined;
    }
  };
  const playground = new ToolCallPlayground(context, log, defaultTools);
  context.subscriptions.push(
    playground,
    vscode.commands.registerCommand('rolloutStudio.openToolCallPlayground', () => playground.open()),
  );
  return checks;
}
