import * as vscode from 'vscode';
import { lintSpecFile } from '../../core/runspec/specFileLint';
import type { PlacedFinding } from '../../core/runspec/specFileLint';

// Squiggles for run spec files (.rollout-studio/*.json, the files the RunSpec JSON Schema is
// contributed for): every flag and slime's late rules, against the bundled flag table. The wizard's
// review lints again against the box's --help before anything launches.

const SEVERITY = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
} as const;

const isSpecFile = (doc: vscode.TextDocument) => /\/\.rollout-studio\/[^/]+\.json$/.test(doc.uri.path);

const rangeOf = (doc: vscode.TextDocument, f: PlacedFinding) =>
  new vscode.Range(doc.positionAt(f.offset), doc.positionAt(f.offset + f.length));

export function activateSpecDiagnostics(context: vscode.ExtensionContext): void {
  const collection = vscode.languages.createDiagnosticCollection('rollout-studio-runspec');
  const pending = new Map<string, ReturnType<typeof setTimeout>>();
  const lint = (doc: vscode.TextDocument) => {
    if (!isSpecFile(doc)) return;
    collection.set(
      doc.uri,
      lintSpecFile(doc.getText()).map((f) => {
        const d = new vscode.Diagnostic(rangeOf(doc, f), f.message, SEVERITY[f.severity]);
        d.code = f.code;
        d.source = 'Rollout Studio';
        return d;
      }),
    );
  };
  // Typing fires a change per key; lint once the typing pauses.
  const later = (doc: vscode.TextDocument) => {
    const key = doc.uri.toString();
    clearTimeout(pending.get(key));
    pending.set(
      key,
      setTimeout(() => {
        pending.delete(key);
        lint(doc);
      }, 250),
    );
  };
  context.subscriptions.push(
    collection,
    vscode.workspace.onDidOpenTextDocument(lint),
    vscode.workspace.onDidChangeTextDocument((e) => later(e.document)),
    vscode.workspace.onDidCloseTextDocument((doc) => collection.delete(doc.uri)),
    vscode.languages.registerCodeActionsProvider(
      { language: 'json', pattern: '**/.rollout-studio/*.json' },
      { provideCodeActions: didYouMean },
      { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] },
    ),
    new vscode.Disposable(() => pending.forEach((t) => clearTimeout(t))),
  );
  for (const doc of vscode.workspace.textDocuments) lint(doc);
}

/** "Change to --rollout-batch-size" on a misspelt flag: the key is replaced, its value kept. */
function didYouMean(doc: vscode.TextDocument, range: vscode.Range | vscode.Selection): vscode.CodeAction[] {
  if (!isSpecFile(doc)) return [];
  return lintSpecFile(doc.getText())
    .filter((f) => f.suggestion !== undefined && rangeOf(doc, f).intersection(range) !== undefined)
    .map((f) => {
      const action = new vscode.CodeAction(
        vscode.l10n.t('Change to {0}', String(f.suggestion)),
        vscode.CodeActionKind.QuickFix,
      );
      action.edit = new vscode.WorkspaceEdit();
      action.edit.replace(doc.uri, rangeOf(doc, f), JSON.stringify(f.suggestion));
      action.isPreferred = true;
      return action;
    });
}
