import * as vscode from 'vscode';
import { analyzeTurn } from '../../core/toolcall/analyzeTurn';
import { parseProfile } from '../../core/toolcall/profile';
import type { Profile } from '../../core/toolcall/types';
import type { HostToPlayground, PlaygroundState, PlaygroundToHost } from '../../shared/protocol';
import { Disposable } from '../disposable';
import { webviewHtml } from '../webviewHtml';
import type { LoadedTools } from './settings';
import { loadToolsFile, profileFromSettings, toolsFromSettings } from './settings';
import { toEditorDiagnostics } from './turnDiagnostics';

/** What the playground opens with: a Qwen3 turn whose call SGLang silently drops. */
const SAMPLE_COMPLETION = `<think>
The user wants order #W2378156 cancelled; it is pending, so cancel it.
</think>

<tool_call>
{"name": "cancel_pending_order", "arguments": {"order_id": "#W2378156", "reason": "ordered by mistake",}}
</tool_call>`;

/**
 * The Tool-Call Playground: an editor holding one completion, and beside it a webview with the verdict
 * and diagnostics under the chosen profile, updated as the user types.
 */
export class ToolCallPlayground extends Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private document: vscode.TextDocument | undefined;
  private profile: Profile;
  private tools: LoadedTools | undefined;
  private version = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly diagnostics = this.register(
    vscode.languages.createDiagnosticCollection('rollout-studio-playground'),
  );

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: vscode.LogOutputChannel,
    /** Without a tools file in settings: the tools of the dataset or run being looked at, if any. */
    private readonly defaultTools: () => Promise<LoadedTools | undefined>,
  ) {
    super();
    this.profile = profileFromSettings(log);
    this.register(
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document !== this.document) return;
        clearTimeout(this.timer);
        this.timer = setTimeout(() => {
          this.update();
          // A scratch file kept saved: closing it never asks "Save changes?".
          if (e.document.isDirty) void e.document.save();
        }, 120);
      }),
    );
    this.register(
      vscode.workspace.onDidCloseTextDocument((d) => {
        if (d === this.document) this.diagnostics.delete(d.uri);
      }),
    );
    this.onDispose(() => clearTimeout(this.timer));
  }

  async open(): Promise<void> {
    if (!this.document || this.document.isClosed) {
      // A scratch file in the extension's storage, not an untitled document: it is saved as it is
      // edited, so closing it never asks to save, and the completion is still there next time.
      const uri = vscode.Uri.joinPath(this.context.globalStorageUri, 'Tool-Call Playground.txt');
      const exists = await vscode.workspace.fs.stat(uri).then(
        () => true,
        () => false,
      );
      if (!exists) {
        await vscode.workspace.fs.createDirectory(this.context.globalStorageUri);
        await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(SAMPLE_COMPLETION));
      }
      this.document = await vscode.workspace.openTextDocument(uri);
      try {
        this.tools = (await toolsFromSettings()) ?? (await this.defaultTools());
      } catch (e) {
        void vscode.window.showWarningMessage(vscode.l10n.t('Rollout Studio: {0}', (e as Error).message));
      }
    }
    await vscode.window.showTextDocument(this.document, {
      viewColumn: vscode.ViewColumn.One,
      preview: false,
    });
    if (this.panel) {
      this.panel.reveal(vscode.ViewColumn.Two, true);
      return;
    }
    this.panel = vscode.window.createWebviewPanel(
      'rolloutStudio.playground',
      vscode.l10n.t('Tool-Call Verdict'),
      { viewColumn: vscode.ViewColumn.Two, preserveFocus: true },
      { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(this.context.extensionUri, 'dist')] },
    );
    this.panel.iconPath = new vscode.ThemeIcon('tools');
    this.panel.webview.html = webviewHtml(
      this.panel.webview,
      this.context.extensionUri,
      'rs-playground',
      vscode.l10n.t('Tool-Call Verdict'),
      this.state(),
    );
    this.panel.webview.onDidReceiveMessage((m: PlaygroundToHost) => void this.onMessage(m));
    this.panel.onDidDispose(() => (this.panel = undefined));
    this.update();
  }

  private state(): PlaygroundState {
    const text = this.document?.getText() ?? '';
    return {
      profile: this.profile,
      tools: this.tools ? { label: this.tools.label, names: this.tools.tools.map((t) => t.name) } : null,
      analysis: analyzeTurn(text, { profile: this.profile, tools: this.tools?.tools }),
      version: ++this.version,
    };
  }

  private update(): void {
    if (!this.document) return;
    const state = this.state();
    const lint = {
      turns: [
        { line: 1, record: 0, message: 0, length: this.document.getText().length, analysis: state.analysis },
      ],
      problems: [],
      records: 1,
    };
    this.diagnostics.set(this.document.uri, toEditorDiagnostics(this.document, lint));
    const message: HostToPlayground = { type: 'state', state };
    void this.panel?.webview.postMessage(message);
  }

  private async onMessage(m: PlaygroundToHost): Promise<void> {
    switch (m.type) {
      case 'ready':
        this.update();
        return;
      case 'setProfile':
        try {
          this.profile = parseProfile({ ...this.profile, ...m.profile });
        } catch (e) {
          this.log.warn(`playground: ${(e as Error).message}`);
        }
        this.update();
        return;
      case 'clearTools':
        this.tools = undefined;
        this.update();
        return;
      case 'chooseTools': {
        const picked = await vscode.window.showOpenDialog({
          canSelectMany: false,
          filters: { [vscode.l10n.t('Tools (JSON)')]: ['json'] },
          openLabel: vscode.l10n.t('Use Tools File'),
          title: vscode.l10n.t('Tools offered to the turn (OpenAI function list)'),
        });
        if (!picked?.[0]) return;
        try {
          this.tools = await loadToolsFile(picked[0]);
          this.log.info(`playground tools: ${this.tools.tools.length} from ${picked[0].fsPath}`);
        } catch (e) {
          void vscode.window.showErrorMessage(vscode.l10n.t('Rollout Studio: {0}', (e as Error).message));
        }
        this.update();
        return;
      }
      case 'reveal': {
        if (!this.document) return;
        const editor = await vscode.window.showTextDocument(this.document, vscode.ViewColumn.One);
        const range = new vscode.Range(this.document.positionAt(m.start), this.document.positionAt(m.end));
        editor.selection = new vscode.Selection(range.start, range.end);
        editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
        return;
      }
    }
  }
}
