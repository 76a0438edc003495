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
          openLabel: vscode.l10n.t('Lint Tool Calls'),
          filters: {
            [vscode.l10n.t('Datasets and rollouts')]: ['jsonl', 'json', 'txt'],
            [vscode.l10n.t('All files')]: ['*'],
          },
        });
        uri = picked?.[0];
      }
      if (!uri) return;
      const target = uri;
      const name = target.path.split('/').pop();
      const summary = await withCancellableProgress(
        vscode.l10n.t('Linting tool calls in {0}', String(name)),
        async (control) => {
          let tools: ToolSpec[] | undefined;
          try {
            tools = (await toolsFromSettings())?.tools;
          } catch (e) {
            void vscode.window.showWarningMessage(
              vscode.l10n.t('Rollout Studio: {0} Names and arguments are not checked.', (e as Error).message),
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
          const unreadable = lint.problems.length;
          return vscode.l10n.t(
            '{0} in {1}: {2}, {3}{4}.',
            lint.turns.length === 1
              ? vscode.l10n.t('1 assistant turn')
              : vscode.l10n.t('{0} assistant turns', lint.turns.length),
            lint.records === 1 ? vscode.l10n.t('1 record') : vscode.l10n.t('{0} records', lint.records),
            errors === 1 ? vscode.l10n.t('1 error') : vscode.l10n.t('{0} errors', errors),
            warnings === 1 ? vscode.l10n.t('1 warning') : vscode.l10n.t('{0} warnings', warnings),
            unreadable === 0
              ? ''
              : unreadable === 1
                ? vscode.l10n.t(', 1 unreadable record')
                : vscode.l10n.t(', {0} unreadable records', unreadable),
          );
        },
      );
      if (summary === undefined) {
        // Nothing of a cancelled lint is published: the Problems panel keeps what it had.
        log.info(`lint ${target.fsPath}: cancelled`);
        void vscode.window.showInformationMessage(
          vscode.l10n.t('Linting tool calls in {0} was cancelled.', String(name)),
        );
        return;
      }
      const openProblems = vscode.l10n.t('Open Problems');
      const choice = await vscode.window.showInformationMessage(
        vscode.l10n.t('Tool calls: {0}', summary),
        openProblems,
      );
      if (choice === openProblems) await vscode.commands.executeCommand('workbench.actions.view.problems');
    }),
  );
}
