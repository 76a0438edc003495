import * as vscode from 'vscode';
import type { FileLint, LintedTurn } from '../../core/toolcall/lintRecords';
import type { Diagnostic, Fix } from '../../core/toolcall/types';

const SEVERITY: Record<Diagnostic['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

/** Where in the document a turn's diagnostic lands, and the fix it offers in document terms. */
export interface PlacedFix {
  title: string;
  edits: { range: vscode.Range; newText: string }[];
}

/** Remembers the mechanical fix behind each editor diagnostic for the quick-fix provider. */
export const fixes = new WeakMap<vscode.Diagnostic, PlacedFix>();

/** Maps a turn offset to a document offset; identity for raw text, through JSON escapes for records. */
const toDocument = (turn: LintedTurn, offset: number) => (turn.contentMap ? turn.contentMap(offset) : offset);

/**
 * Inside a JSON string, inserted text must be escaped the way the file stores it, or the fix would
 * break the record it repairs.
 */
const encode = (turn: LintedTurn, text: string) =>
  turn.contentMap ? JSON.stringify(text).slice(1, -1) : text;

function place(doc: vscode.TextDocument, turn: LintedTurn, fix: Fix): PlacedFix {
  return {
    title: fix.title,
    edits: fix.edits.map((e) => ({
      range: new vscode.Range(
        doc.positionAt(toDocument(turn, e.start)),
        doc.positionAt(toDocument(turn, e.end)),
      ),
      newText: encode(turn, e.newText),
    })),
  };
}

export function turnRange(
  doc: vscode.TextDocument,
  turn: LintedTurn,
  start: number,
  end: number,
): vscode.Range {
  const s = doc.positionAt(toDocument(turn, start));
  // An empty range (e.g. "insert a newline here") still needs a visible squiggle: widen it by one.
  const e = doc.positionAt(Math.max(toDocument(turn, end), toDocument(turn, start) + 1));
  return new vscode.Range(s, e);
}

export function toEditorDiagnostics(doc: vscode.TextDocument, lint: FileLint): vscode.Diagnostic[] {
  const out: vscode.Diagnostic[] = [];
  for (const turn of lint.turns) {
    for (const d of turn.analysis.diagnostics) {
      const diag = new vscode.Diagnostic(
        turnRange(doc, turn, d.start, d.end),
        d.message,
        SEVERITY[d.severity],
      );
      diag.code = d.code;
      diag.source = 'Rollout Studio';
      if (d.fix) fixes.set(diag, place(doc, turn, d.fix));
      out.push(diag);
    }
  }
  for (const p of lint.problems) {
    const line = Math.min(Math.max(p.line - 1, 0), Math.max(doc.lineCount - 1, 0));
    const diag = new vscode.Diagnostic(doc.lineAt(line).range, p.message, vscode.DiagnosticSeverity.Warning);
    diag.source = 'Rollout Studio';
    diag.code = 'record';
    out.push(diag);
  }
  return out;
}
