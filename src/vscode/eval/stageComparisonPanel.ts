import * as vscode from 'vscode';
import { stageTable } from '../../core/eval/stageComparison';
import type { HostToStageTable, StageTableState, StageTableToHost } from '../../shared/protocol';
import type { BoxSession } from '../boxes/boxSession';
import { webviewHtml } from '../webviewHtml';
import { readEvalRuns } from './evalRuns';

const TITLE = vscode.l10n.t('Stage Comparison');

/**
 * The stage-comparison table: the eval runs of the connected boxes side by side in the cookbook's
 * layout, cells measured differently from the rest of their column marked with the reason.
 */
export class StageComparisonPanel {
  private panel: vscode.WebviewPanel | undefined;
  private version = 0;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly boxes: () => readonly BoxSession[],
  ) {}

  async open(): Promise<void> {
    const state = await this.state();
    if (this.panel) {
      this.panel.reveal();
      return this.post(state);
    }
    this.panel = vscode.window.createWebviewPanel(
      'rolloutStudio.stageComparison',
      TITLE,
      vscode.ViewColumn.Active,
      { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(this.context.extensionUri, 'dist')] },
    );
    this.panel.iconPath = new vscode.ThemeIcon('table');
    this.panel.webview.html = webviewHtml(
      this.panel.webview,
      this.context.extensionUri,
      'rs-stage-table',
      TITLE,
      state,
    );
    this.panel.webview.onDidReceiveMessage(async (m: StageTableToHost) => {
      if (m.type === 'refresh') this.post(await this.state());
    });
    this.panel.onDidDispose(() => (this.panel = undefined));
  }

  private post(state: StageTableState): void {
    const message: HostToStageTable = { type: 'state', state };
    void this.panel?.webview.postMessage(message);
  }

  private async state(): Promise<StageTableState> {
    const { results, problems } = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Reading eval runs…') },
      () => readEvalRuns(this.boxes()),
    );
    return { table: stageTable(results), problems, version: ++this.version };
  }
}
