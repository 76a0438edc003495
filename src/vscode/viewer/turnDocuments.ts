import * as vscode from 'vscode';
import type { TurnAnalysis } from '../../core/toolcall/types';
import { sampleKeyString } from '../../shared/protocol';
import type { SampleKey } from '../../shared/protocol';
import { Disposable } from '../disposable';
import { toEditorDiagnostics } from '../toolcall/turnDiagnostics';
import { verdictMarkdown } from '../toolcall/verdictMarkdown';

export const TURN_SCHEME = 'rollout-studio-turn';

interface OpenTurn {
  text: string;
  analysis: TurnAnalysis | undefined;
  where: string;
}

/**
 * One assistant turn as a read-only editor document: the raw completion exactly as the model wrote it,
 * with the engine's diagnostics as squiggles and the SGLang verdict on hover, the same as in datasets.
 */
export class TurnDocuments
  extends Disposable
  implements vscode.TextDocumentContentProvider, vscode.HoverProvider
{
  private readonly turns = new Map<string, OpenTurn>();
  private readonly diagnostics = this.register(
    vscode.languages.createDiagnosticCollection('rollout-studio-turns'),
  );

  constructor() {
    super();
    this.register(vscode.workspace.registerTextDocumentContentProvider(TURN_SCHEME, this));
    this.register(vscode.languages.registerHoverProvider({ scheme: TURN_SCHEME }, this));
    this.register(
      vscode.workspace.onDidCloseTextDocument((d) => {
        if (d.uri.scheme !== TURN_SCHEME) return;
        this.diagnostics.delete(d.uri);
        this.turns.delete(d.uri.toString());
      }),
    );
  }

  /** Turn `index` of the sample as a document titled e.g. "step-3 group-1 sample-2 · turn 4.txt". */
  showTurn(key: SampleKey, index: number, turn: Omit<OpenTurn, 'where'>): Promise<void> {
    // Slashes would make the key a folder path and leave only "sample-N · turn M" as the tab title.
    return this.show(vscode.l10n.t('{0} · turn {1}.txt', sampleKeyString(key).replaceAll('/', ' '), index), {
      ...turn,
      where: vscode.l10n.t('{0} · turn {1}', sampleKeyString(key), index),
    });
  }

  private async show(name: string, turn: OpenTurn): Promise<void> {
    const uri = vscode.Uri.from({ scheme: TURN_SCHEME, path: `/${name}` });
    this.turns.set(uri.toString(), turn);
    const doc = await vscode.workspace.openTextDocument(uri);
    if (turn.analysis) {
      const lint = {
        turns: [{ line: 1, record: 0, message: 0, length: turn.text.length, analysis: turn.analysis }],
        problems: [],
        records: 1,
      };
      this.diagnostics.set(uri, toEditorDiagnostics(doc, lint));
    }
    await vscode.window.showTextDocument(doc, { preview: true, viewColumn: vscode.ViewColumn.Beside });
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.turns.get(uri.toString())?.text ?? '';
  }

  provideHover(doc: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const turn = this.turns.get(doc.uri.toString());
    if (!turn?.analysis) return undefined;
    const offset = doc.offsetAt(position);
    // Only where something is said about the text: a diagnostic's range or a tool-call block.
    const spans = [...turn.analysis.diagnostics, ...turn.analysis.calls];
    const span = spans.find((s) => offset >= s.start && offset <= Math.max(s.end, s.start + 1));
    if (!span) return undefined;
    return new vscode.Hover(
      verdictMarkdown(turn.analysis, turn.where),
      new vscode.Range(doc.positionAt(span.start), doc.positionAt(Math.max(span.end, span.start + 1))),
    );
  }
}
