import * as vscode from 'vscode';
import { lintJsonDocument, lintJsonlTextSliced, lintRawText } from '../../core/toolcall/lintRecords';
import type { FileLint } from '../../core/toolcall/lintRecords';
import type { Profile, ToolSpec } from '../../core/toolcall/types';
import { profileFromSettings, toolsFromSettings } from './settings';
import type { DatasetLinter } from './datasetLinter';
import type { WorkControl } from '../../core/work/slicedWork';
import { withCancellableProgress } from '../cancellableProgress';

/**
 * Chooses the reader the same way the CLI does: by file extension. A JSONL dataset, the large case,
 * is linted a slice at a time so Cancel stops it; one JSON document or raw text is one step.
 */
async function lintByExtension(
  path: string,
  text: string,
  opts: { profile: Profile; tools?: ToolSpec[] },
  control: WorkControl,
): Promise<FileLint> {
  if (path.endsWith('.jsonl')) return lintJsonlTextSliced(text, opts, control);
  if (path.endsWith('.json')) return lintJsonDocument(text, opts);
  return lintRawText(text, opts);
}

/** "Lint Tool Calls in File": runs the linter on a file and fills the Problems panel. */
export function activateLintFileCommand(
  context: vscode.ExtensionContext,
  { log, linter }: { log: vscode.LogOutputChannel; linter: DatasetLinter },
): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('rolloutStudio.lintToolCallsInFile', async (arg?: vscode.Uri) => {
      let uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
      if (!uri || uri.scheme !== 'file') {
        const picked = await vscode.window.showOpenDialog({
          canSelectMany: false,
          openLabel: 'Lint Tool Calls',
          filters: { 'Datasets and rollouts': ['jsonl', 'json', 'txt'], 'All files': ['*'] },
        });
        uri = picked?.[0];
      }
      if (!uri) return;
      const target = uri;
      const name = target.path.split('/').pop();
      const summary = await withCancellableProgress(`Linting tool calls in ${name}`, async (control) => {
        let tools: ToolSpec[] | undefined;
        try {
          tools = (await toolsFromSettings())?.tools;
        } catch (e) {
          void vscode.window.showWarningMessage(
            `Rollout Studio: ${(e as Error).message} Names and arguments are not checked.`,
          );
        }
        const doc = await vscode.workspace.openTextDocument(target);
        const lint = await lintByExtension(
          target.path,
          doc.getText(),
          { profile: profileFromSettings(log), tools },
          control,
        );
        // One collection for open datasets and this command, so a file is never reported twice.
        const diagnostics = linter.publish(doc, lint);
        const errors = diagnostics.filter((d) => d.severity === vscode.DiagnosticSeverity.Error).length;
        const warnings = diagnostics.length - errors;
        log.info(`lint ${target.fsPath}: ${errors} errors, ${warnings} warnings`);
        return `${lint.turns.length} assistant turn${lint.turns.length === 1 ? '' : 's'} in ${lint.records} record${lint.records === 1 ? '' : 's'}: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}${lint.problems.length > 0 ? `, ${lint.problems.length} unreadable record${lint.problems.length === 1 ? '' : 's'}` : ''}.`;
      });
      if (summary === undefined) {
        // Nothing of a cancelled lint is published: the Problems panel keeps what it had.
        log.info(`lint ${target.fsPath}: cancelled`);
        void vscode.window.showInformationMessage(`Linting tool calls in ${name} was cancelled.`);
        return;
      }
      const choice = await vscode.window.showInformationMessage(`Tool calls: ${summary}`, 'Open Problems');
      if (choice === 'Open Problems') await vscode.commands.executeCommand('workbench.actions.view.problems');
    }),
  );
}
