import * as vscode from 'vscode';
import { startableBoxes } from '../boxes/boxSession';
import type { BoxSession } from '../boxes/boxSession';
import { thisMachineDescription } from '../boxes/remoteSsh';
import { untilAborted } from '../../core/work/slicedWork';
import { withCancellableProgress } from '../cancellableProgress';

/** A connected box to start something on; asks whenever more than one box could be meant. */
export async function pickBox(
  sessions: readonly BoxSession[],
  title: string,
): Promise<BoxSession | undefined> {
  const boxes = startableBoxes(sessions);
  const only = boxes.length === 1 ? boxes[0] : undefined;
  const picked =
    only?.state === 'ready'
      ? only
      : (
          await vscode.window.showQuickPick(
            boxes.map((box) => ({
              label: `$(${box.icon}) ${box.label}`,
              description:
                box.state !== 'ready'
                  ? `${box.state}…`
                  : box.isLocal
                    ? thisMachineDescription()
                    : vscode.l10n.t('over SSH'),
              box,
            })),
            // The first step of a wizard, often opened from a notification or the viewer: focus moving back
            // there (a webview repainting) must not close it.
            { title, placeHolder: vscode.l10n.t('The box to start on'), ignoreFocusOut: true },
          )
        )?.box;
  if (!picked || picked.state === 'ready') return picked;
  // Cancel stops the wait, not the connection: the Boxes view goes on showing how that ends.
  const settled = await withCancellableProgress(
    vscode.l10n.t('Waiting for {0} to connect', picked.label),
    async ({ signal }) => {
      await untilAborted(picked.whenSettled(), signal);
      return true;
    },
  );
  if (!settled) return undefined;
  // Read again after the wait: the connection changed the state meanwhile.
  if (isReady(picked)) return picked;
  void vscode.window.showErrorMessage(
    picked.error
      ? vscode.l10n.t(
          'Rollout Studio: {0} did not connect: {1}. Reconnect it from the Boxes view, then start again.',
          picked.label,
          picked.error.message,
        )
      : vscode.l10n.t(
          'Rollout Studio: {0} did not connect. Reconnect it from the Boxes view, then start again.',
          picked.label,
        ),
  );
  return undefined;
}

function isReady(box: BoxSession): boolean {
  return box.state === 'ready' && box.target !== undefined;
}
