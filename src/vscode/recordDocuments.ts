import * as vscode from 'vscode';
import { Disposable } from './disposable';

export const RECORD_SCHEME = 'rollout-studio-record';

/** Read-only documents for raw records: no save prompts, no accidental edits of what the box wrote. */
export class RecordDocuments extends Disposable implements vscode.TextDocumentContentProvider {
  private readonly contents = new Map<string, string>();

  constructor() {
    super();
    this.register(vscode.workspace.registerTextDocumentContentProvider(RECORD_SCHEME, this));
  }

  async show(
    name: string,
    content: string,
    language = 'json',
    viewColumn: vscode.ViewColumn = vscode.ViewColumn.Active,
  ): Promise<vscode.Uri> {
    const uri = vscode.Uri.from({ scheme: RECORD_SCHEME, path: `/${name}` });
    this.contents.set(uri.toString(), content);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.languages.setTextDocumentLanguage(doc, language);
    await vscode.window.showTextDocument(doc, { preview: true, viewColumn });
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? '';
  }
}
