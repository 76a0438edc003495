import * as vscode from 'vscode';

export interface PickOneOptions<T> {
  placeHolder: string;
  /** Said instead of showing an empty list. */
  none: string;
  /** How a candidate reads in the list. */
  item: (candidate: T) => vscode.QuickPickItem;
}

/**
 * Asks which of `candidates` a command is for (a run, a stage, a server). With none to offer it says
 * `none` instead of showing an empty list.
 */
export async function pickOne<T>(
  candidates: readonly T[],
  { placeHolder, none, item }: PickOneOptions<T>,
): Promise<T | undefined> {
  if (candidates.length === 0) {
    void vscode.window.showInformationMessage(none);
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    candidates.map((c) => ({ ...item(c), c })),
    { placeHolder },
  );
  return picked?.c;
}
