import * as vscode from 'vscode';

/**
 * Restricted Mode keeps reading: runs, the viewer and tool-call diagnostics work in any folder. What
 * runs programs or reaches other machines (launching, SSH boxes, loading a pickled .pt dump, a replay
 * on a server) needs the workspace trusted, since its settings and files may come from anyone.
 * Says so, with the way to trust it, and answers whether the action may go on.
 */
export async function requireTrust(action: string): Promise<boolean> {
  if (vscode.workspace.isTrusted) return true;
  const manage = vscode.l10n.t('Manage Workspace Trust');
  const answer = await vscode.window.showWarningMessage(
    vscode.l10n.t(
      '{0} needs a trusted workspace. In Restricted Mode, Rollout Studio only reads runs and files.',
      action,
    ),
    manage,
  );
  if (answer === manage) await vscode.commands.executeCommand('workbench.trust.manage');
  return false;
}

/** A command handler that first asks for trust (see requireTrust). */
export function whenTrusted<A extends unknown[]>(
  action: string,
  handler: (...args: A) => unknown,
): (...args: A) => Promise<unknown> {
  return async (...args: A) => ((await requireTrust(action)) ? handler(...args) : undefined);
}
