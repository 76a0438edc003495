import * as vscode from 'vscode';

/** The Rollout Studio output channel every feature logs to, and Show Log. */
export function activateLog(context: vscode.ExtensionContext): vscode.LogOutputChannel {
  const log = vscode.window.createOutputChannel('Rollout Studio', { log: true });
  context.subscriptions.push(
    log,
    vscode.commands.registerCommand('rolloutStudio.showLog', () => log.show()),
  );
  return log;
}
