import * as vscode from 'vscode';
import { lintJsonlText } from '../../core/toolcall/lintRecords';
import type { FileLint, LintedTurn } from '../../core/toolcall/lintRecords';
import type { LoadedTools } from './settings';
import { lintPatterns, profileFromSettings, toolsFromSettings } from './settings';
import { fixes, toEditorDiagnostics, turnRange } from './turnDiagnostics';
import { verdictMarkdown } from './verdictMarkdown';
import { runProfile } from '../../core/toolcall/runProfile';
import { Disposable } from '../disposable';

export const CHECK_TURN_COMMAND = 'rolloutStudio.checkTurnWithBoxSglang';

/** Where a dataset's turn is: the arguments of the check command, from a code action or a hover link. */
export type TurnAddress = [uri: string, line: number, message: number];

/**
 * Squiggles, hovers and quick fixes in open JSONL datasets of chat records (the files matching
 * rolloutStudio.toolCalls.lintFilePatterns).
 */
export class DatasetLinter extends Disposable implements vscode.HoverProvider, vscode.CodeActionProvider {
  private readonly diagnostics = this.register(
    vscode.languages.createDiagnosticCollection('rollout-studio-datasets'),
  );
  private readonly lints = new Map<string, { version: number; lint: FileLint }>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private tools: LoadedTools | undefined;

  constructor(private readonly log: vscode.LogOutputChannel) {
    super();
    const selector: vscode.DocumentSelector = [{ scheme: 'file' }, { scheme: 'untitled' }];
    this.register(vscode.languages.registerHoverProvider(selector, this));
    this.register(
      vscode.languages.registerCodeActionsProvider(selector, this, {
        providedCodeActionKinds: [vscode.CodeActionKind.QuickFix],
      }),
    );
    this.register(vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)));
    this.register(vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document, 250)));
    this.register(vscode.workspace.onDidCloseTextDocument((d) => this.forget(d)));
    this.register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('rolloutStudio.toolCalls')) void this.reloadAll();
      }),
    );
    this.onDispose(() => this.timers.forEach((t) => clearTimeout(t)));
    void this.reloadAll();
  }

  private async reloadAll(): Promise<void> {
    try {
      this.tools = await toolsFromSettings();
    } catch (e) {
      this.tools = undefined;
      void vscode.window.showWarningMessage(
        vscode.l10n.t(
          'Rollout Studio: cannot read rolloutStudio.toolCalls.toolsFile. {0}',
          (e as Error).message,
        ),
      );
    }
    this.lints.clear();
    this.diagnostics.clear();
    for (const doc of vscode.workspace.textDocuments) this.schedule(doc, 0);
  }

  private matches(doc: vscode.TextDocument): boolean {
    return lintPatterns().some((pattern) => vscode.languages.match({ pattern }, doc) > 0);
  }

  private schedule(doc: vscode.TextDocument, delayMs: number): void {
    if (!this.matches(doc)) return;
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        this.lint(doc);
      }, delayMs),
    );
  }

  private forget(doc: vscode.TextDocument): void {
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    this.lints.delete(key);
    this.diagnostics.delete(doc.uri);
  }

  private lint(doc: vscode.TextDocument): void {
    if (doc.isClosed) return;
    const started = Date.now();
    const lint = lintJsonlText(doc.getText(), {
      profile: profileFromSettings(this.log),
      tools: this.tools?.tools,
    });
    // A JSONL file with no chat record in it is some other dataset: say nothing about it.
    if (lint.turns.length === 0 && lint.problems.length >= lint.records) {
      this.forget(doc);
      return;
    }
    this.publish(doc, lint);
    this.log.debug(
      `linted ${doc.uri.fsPath}: ${lint.turns.length} assistant turns in ${Date.now() - started} ms`,
    );
  }

  /** Shows a lint of doc (from here or from the Lint Tool Calls command) with hovers and quick fixes. */
  publish(doc: vscode.TextDocument, lint: FileLint): vscode.Diagnostic[] {
    const diagnostics = toEditorDiagnostics(doc, lint);
    this.lints.set(doc.uri.toString(), { version: doc.version, lint });
    this.diagnostics.set(doc.uri, diagnostics);
    return diagnostics;
  }

  /** The tools file from settings, for records that name no tools of their own. */
  get settingsTools(): LoadedTools | undefined {
    return this.tools;
  }

  turnAt(doc: vscode.TextDocument, position: vscode.Position): LintedTurn | undefined {
    const entry = this.lints.get(doc.uri.toString());
    if (!entry || entry.version !== doc.version) return undefined;
    return entry.lint.turns.find((t) => turnRange(doc, t, 0, t.length).contains(position));
  }

  provideHover(doc: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const turn = this.turnAt(doc, position);
    if (!turn) return undefined;
    const md = verdictMarkdown(
      turn.analysis,
      vscode.l10n.t('record {0}, message {1}', turn.record + 1, turn.message),
      runProfile(profileFromSettings(this.log), undefined).said,
    );
    const args: TurnAddress = [doc.uri.toString(), turn.line, turn.message];
    md.isTrusted = { enabledCommands: [CHECK_TURN_COMMAND] };
    md.supportThemeIcons = true;
    md.appendMarkdown(
      `\n\n[${vscode.l10n.t("$(server-environment) Check with the box's SGLang")}](command:${CHECK_TURN_COMMAND}?${encodeURIComponent(JSON.stringify(args))} "${vscode.l10n.t('Run this turn through the SGLang parsers installed on the connected box')}")`,
    );
    return new vscode.Hover(md);
  }

  provideCodeActions(
    doc: vscode.TextDocument,
    _range: vscode.Range,
    context: vscode.CodeActionContext,
  ): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    for (const diag of context.diagnostics) {
      const fix = fixes.get(diag);
      if (!fix) continue;
      const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
      action.diagnostics = [diag];
      action.isPreferred = true;
      action.edit = new vscode.WorkspaceEdit();
      for (const e of fix.edits) action.edit.replace(doc.uri, e.range, e.newText);
      actions.push(action);
    }
    // A diagnosed turn can be read by the box's own SGLang, once per turn whatever its diagnostics.
    const checked = new Set<LintedTurn>();
    for (const diag of context.diagnostics) {
      if (diag.source !== 'Rollout Studio' || diag.code === 'record') continue;
      const turn = this.turnAt(doc, diag.range.start);
      if (!turn || checked.has(turn)) continue;
      checked.add(turn);
      const action = new vscode.CodeAction(
        vscode.l10n.t("Check record {0}, message {1} with the box's SGLang", turn.record + 1, turn.message),
        vscode.CodeActionKind.QuickFix,
      );
      action.diagnostics = [diag];
      const args: TurnAddress = [doc.uri.toString(), turn.line, turn.message];
      action.command = { command: CHECK_TURN_COMMAND, title: action.title, arguments: args };
      actions.push(action);
    }
    return actions;
  }
}
