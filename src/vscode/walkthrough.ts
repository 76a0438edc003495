import * as vscode from 'vscode';
import type { SampleDetail } from '../shared/protocol';
import type { BoxSession } from './boxes/boxSession';
import { Disposable } from './disposable';

const WALKTHROUGH = 'rolloutStudio.gettingStarted';

/**
 * The getting-started walkthrough (package.json `walkthroughs`): its steps complete on context keys
 * set here when the thing they teach has happened (a box's check came back, the viewer opened, a sample
 * with a broken tool call was shown), and on the commands they name.
 */
export class WalkthroughProgress extends Disposable {
  private readonly done = new Set<string>();

  constructor(extensionId: string) {
    super();
    this.register(
      vscode.commands.registerCommand('rolloutStudio.openWalkthrough', () =>
        vscode.commands.executeCommand(
          'workbench.action.openWalkthrough',
          `${extensionId}#${WALKTHROUGH}`,
          false,
        ),
      ),
    );
  }

  private complete(key: string): void {
    if (this.done.has(key)) return;
    this.done.add(key);
    void vscode.commands.executeCommand('setContext', key, true);
  }

  /**
   * The boxes changed, or the Boxes view was shown or hidden. The check step is done once the user has
   * the doctor's findings for some box in view: this machine's come in by themselves, and ticking the
   * step for them before anyone looked ticked it before its first step.
   */
  boxesChanged(boxes: readonly BoxSession[], inView: boolean): void {
    if (inView && boxes.some((b) => b.findings)) this.complete('rolloutStudio.boxChecked');
  }

  viewerShown(): void {
    this.complete('rolloutStudio.viewerOpened');
  }

  /** A sample was opened in the viewer; one with an error-level tool-call diagnostic completes the last step. */
  sampleShown(detail: SampleDetail): void {
    if (detail.sample.turns.some((t) => t.analysis?.diagnostics.some((d) => d.severity === 'error')))
      this.complete('rolloutStudio.malformedCallSeen');
  }
}
