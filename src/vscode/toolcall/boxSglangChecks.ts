import * as vscode from 'vscode';
import type { TurnToCheck } from '../../core/toolcall/sglangCheckReport';
import { checkTurnOnBox } from '../../remote/boxSglangCheck';
import type { TurnCheck } from '../../remote/boxSglangCheck';
import type { BoxRegistry } from '../boxes/boxRegistry';
import { startableBoxes } from '../boxes/boxSession';
import type { BoxSession } from '../boxes/boxSession';
import { requireTrust } from '../trust';

export type BoxCheckOutcome = TurnCheck | { kind: 'no-box' } | { kind: 'cancelled' } | { kind: 'untrusted' };

/**
 * "Check with the box's SGLang" for the editor and the viewer: picks the box (the run's own, else a
 * connected one), runs media/sglang_verdict.py there on the turn and returns SGLang's answer beside ours.
 * It runs a program on a box, so it needs a trusted workspace.
 */
export class BoxSglangChecks {
  private script: string | undefined;

  constructor(
    private readonly registry: BoxRegistry,
    private readonly extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /**
   * Boxes that can read a turn: SSH boxes connected or still connecting (a check right after Connect to Box
   * waits for it), and this machine when its python3 has sglang (VS Code running on the GPU box itself).
   */
  private usable(box: BoxSession): boolean {
    // Opened files are listed like a box but are none.
    if (!this.registry.sessions.includes(box)) return false;
    if (box.isLocal)
      return (
        box.state === 'ready' && box.target !== undefined && (box.findings?.packages.sglang ?? null) !== null
      );
    return startableBoxes([box]).length === 1;
  }

  /** The box to ask: `preferred` (the run's own box) when it can answer, else one connected box, picked when several. */
  async pickBox(preferred?: BoxSession): Promise<BoxSession | 'none' | undefined> {
    if (preferred && this.usable(preferred)) return preferred;
    const boxes = this.registry.sessions.filter((b) => this.usable(b));
    if (boxes.length === 0) {
      void vscode.window
        .showInformationMessage(
          vscode.l10n.t(
            "Check with the box's SGLang: no box is connected. Connect to the box whose SGLang should read the turn, then check again.",
          ),
          vscode.l10n.t('Connect to Box'),
        )
        .then((choice) => choice && vscode.commands.executeCommand('rolloutStudio.connectToBox'));
      return 'none';
    }
    if (boxes.length === 1) return boxes[0];
    const picked = await vscode.window.showQuickPick(
      boxes.map((b) => ({
        label: b.label,
        description: b.findings?.packages.sglang
          ? vscode.l10n.t('SGLang {0}', b.findings.packages.sglang)
          : undefined,
        box: b,
      })),
      {
        title: vscode.l10n.t("Check with the box's SGLang"),
        placeHolder: vscode.l10n.t('The box whose SGLang reads the turn'),
      },
    );
    return picked?.box;
  }

  /**
   * Runs the check on `box`; `onBox` hears which box answers before the (up to a minute long) run, which
   * `signal` ends (the check then rejects with its AbortError).
   */
  async check(
    turn: TurnToCheck,
    preferred: BoxSession | undefined,
    onBox: (box: BoxSession) => void = () => undefined,
    signal?: AbortSignal,
  ): Promise<BoxCheckOutcome & { box?: string }> {
    if (!(await requireTrust(vscode.l10n.t("Checking a turn with the box's SGLang"))))
      return { kind: 'untrusted' };
    const box = await this.pickBox(preferred);
    if (box === 'none') return { kind: 'no-box' };
    if (box === undefined) return { kind: 'cancelled' };
    onBox(box);
    await box.whenSettled();
    if (box.state !== 'ready' || box.target === undefined)
      return {
        kind: 'problem',
        message: vscode.l10n.t(
          '{0} is not connected: {1}. Reconnect it in the Boxes view, then check again.',
          box.label,
          box.error?.message ?? vscode.l10n.t('the connection failed'),
        ),
        box: box.label,
      };
    this.script ??= new TextDecoder().decode(
      await vscode.workspace.fs.readFile(
        vscode.Uri.joinPath(this.extensionUri, 'media', 'sglang_verdict.py'),
      ),
    );
    const started = Date.now();
    const outcome = await checkTurnOnBox(box.target, box.label, this.script, turn, signal);
    this.log.info(
      `checked a turn with ${box.label}'s SGLang in ${Date.now() - started} ms: ${
        outcome.kind === 'report'
          ? `SGLang ${outcome.report.release ?? '(no version)'}, ${outcome.report.differences.length} differences`
          : outcome.message
      }`,
    );
    return { ...outcome, box: box.label };
  }
}
