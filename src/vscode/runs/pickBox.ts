import * as vscode from 'vscode';
import type { BoxSession } from '../boxes/boxSession';

/** A connected box to start something on; offers to connect when there is none but this machine. */
export async function pickBox(
  sessions: readonly BoxSession[],
  title: string,
): Promise<BoxSession | undefined> {
  const ready = sessions.filter((s) => s.state === 'ready' && s.target);
  if (ready.length === 1) return ready[0];
  const picked = await vscode.window.showQuickPick(
    ready.map((box) => ({
      label: `$(${box.icon}) ${box.label}`,
      description: box.isLocal ? 'this machine' : 'over SSH',
      box,
    })),
    { title, placeHolder: 'The box to start on' },
  );
  return picked?.box;
}
