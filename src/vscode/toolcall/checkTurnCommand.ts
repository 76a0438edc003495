import * as vscode from 'vscode';
import { turnsOfRecord } from '../../core/toolcall/chatRecord';
import { tryJsonParse } from '../../core/toolcall/pyJsonLoads';
import type { TurnToCheck } from '../../core/toolcall/sglangCheckReport';
import { sglangCheckSummary, sglangCheckText } from '../../shared/sglangCheckText';
import type { RecordDocuments } from '../recordDocuments';
import type { BoxSglangChecks } from './boxSglangChecks';
import { CHECK_TURN_COMMAND, type DatasetLinter, type TurnAddress } from './datasetLinter';
import { profileFromSettings } from './settings';
import { withCancellableProgress } from '../cancellableProgress';

/**
 * "Check with the box's SGLang" on a dataset's assistant turn (code action, hover link, or the palette at
 * the cursor): the turn is read again from the document line, sent to the box, and SGLang's answer opens
 * beside the dataset with ours, every differing field marked.
 */
export function activateCheckTurnCommand(
  context: vscode.ExtensionContext,
  deps: {
    log: vscode.LogOutputChannel;
    linter: DatasetLinter;
    checks: BoxSglangChecks;
    records: RecordDocuments;
  },
): void {
  const run = async (...args: Partial<TurnAddress>) => {
    const address = args[0] === undefined ? addressAtCursor(deps.linter) : (args as TurnAddress);
    if (address === undefined) {
      void vscode.window.showInformationMessage(
        vscode.l10n.t(
          "Put the cursor on an assistant turn of a JSONL dataset to check it with the box's SGLang.",
        ),
      );
      return;
    }
    const [uri, line, message] = address;
    const where = vscode.l10n.t('line {0}, message {1}', line, message);
    let turn: TurnToCheck;
    try {
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
      turn = turnOfLine(doc, line, message, deps.linter, deps.log);
    } catch (e) {
      void vscode.window.showErrorMessage(
        vscode.l10n.t('Cannot check {0}: {1}', where, (e as Error).message),
      );
      return;
    }
    // One process on the box answers at the end: no percentage, but Cancel ends it.
    const outcome = await withCancellableProgress(
      vscode.l10n.t("Checking {0} with the box's SGLang", where),
      ({ signal }) => deps.checks.check(turn, undefined, undefined, signal),
    );
    switch (outcome?.kind) {
      case 'report': {
        const name = uri.split('/').pop() ?? 'dataset';
        await deps.records.show(
          vscode.l10n.t('{0} · line {1} · SGLang check.txt', name, line),
          sglangCheckText(outcome.report, where),
          'plaintext',
          vscode.ViewColumn.Beside,
        );
        const summary = sglangCheckSummary(outcome.report, where);
        if (outcome.report.differences.length === 0) void vscode.window.showInformationMessage(summary);
        else void vscode.window.showWarningMessage(summary);
        return;
      }
      case 'problem':
        void vscode.window.showErrorMessage(
          outcome.box
            ? vscode.l10n.t("Check with the box's SGLang ({0}): {1}", outcome.box, outcome.message)
            : vscode.l10n.t("Check with the box's SGLang: {0}", outcome.message),
        );
        return;
      default:
        // no-box: pickBox already said so and offered to connect; cancelled or untrusted: nothing to say.
        return;
    }
  };
  context.subscriptions.push(vscode.commands.registerCommand(CHECK_TURN_COMMAND, run));
}

function addressAtCursor(linter: DatasetLinter): TurnAddress | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  const turn = linter.turnAt(editor.document, editor.selection.active);
  return turn && [editor.document.uri.toString(), turn.line, turn.message];
}

/** The turn as the record on that line holds it now: its text, its tools (else the settings' tools file). */
function turnOfLine(
  doc: vscode.TextDocument,
  line: number,
  message: number,
  linter: DatasetLinter,
  log: vscode.LogOutputChannel,
): TurnToCheck {
  if (line < 1 || line > doc.lineCount)
    throw new Error(vscode.l10n.t('the file has no line {0} any more', line));
  const value = tryJsonParse(doc.lineAt(line - 1).text);
  if (!value.ok) throw new Error(vscode.l10n.t('line {0} is not a JSON record any more', line));
  const read = turnsOfRecord(value.value);
  const turn = read.turns.find((t) => t.message === message);
  if (!turn) throw new Error(vscode.l10n.t('line {0} has no assistant message {1} any more', line, message));
  return {
    text: turn.text,
    tools: read.tools ?? linter.settingsTools?.tools,
    profile: profileFromSettings(log),
    ...(turn.finishReason !== undefined ? { finishReason: turn.finishReason } : {}),
  };
}
