import * as vscode from 'vscode';
import type { BoxSession } from './boxSession';
import { withCancellableProgress } from '../cancellableProgress';

/**
 * "Check Box Again" on a box: its GPUs, Python, packages and disk asked for again, checks done of four
 * in a notification; Cancel ends the commands on the box and keeps the findings it had.
 */
export function registerCheckBox(context: vscode.ExtensionContext, runsRoot: () => string): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('rolloutStudio.checkBox', async (node?: { box: BoxSession }) => {
      const box = node?.box;
      if (!box?.target) return;
      const done = await withCancellableProgress(
        vscode.l10n.t('Checking {0}', box.label),
        async (control) => {
          await box.check(runsRoot(), control);
          return true;
        },
      );
      if (!done)
        void vscode.window.showInformationMessage(vscode.l10n.t('Checking {0} was cancelled.', box.label));
    }),
  );
}
