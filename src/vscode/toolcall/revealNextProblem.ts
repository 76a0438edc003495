import * as vscode from 'vscode';
import { nextProblem } from './nextProblem';

// Records are single JSONL lines thousands of characters long: a squiggle at column 3,000 is off screen
// and scrolling to it loses the line's start. This goes to the next tool-call problem, wraps a long
// line, and shows the problem and SGLang's verdict in place (the hover).
const LONG_LINE = 400;

export function activateRevealNextProblem(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('rolloutStudio.revealNextToolCallProblem', async () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor) return;
      const doc = editor.document;
      const problems = vscode.languages
        .getDiagnostics(doc.uri)
        .filter((d) => d.source === 'Rollout Studio' && d.severity <= vscode.DiagnosticSeverity.Warning);
      const at = nextProblem(
        problems.map((d) => doc.offsetAt(d.range.start)),
        doc.offsetAt(editor.selection.active),
      );
      const problem = problems.find((d) => doc.offsetAt(d.range.start) === at);
      if (!problem) {
        void vscode.window.showInformationMessage(vscode.l10n.t('No tool-call problems in this file.'));
        return;
      }
      const wrap = vscode.workspace.getConfiguration('editor', doc).get<string>('wordWrap', 'off');
      if (wrap === 'off' && doc.lineAt(problem.range.start.line).text.length > LONG_LINE)
        await vscode.commands.executeCommand('editor.action.toggleWordWrap');
      editor.selection = new vscode.Selection(problem.range.start, problem.range.start);
      editor.revealRange(problem.range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
      await vscode.commands.executeCommand('editor.action.showHover');
    }),
  );
}
