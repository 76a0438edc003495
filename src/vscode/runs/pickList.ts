import * as vscode from 'vscode';

export interface ListPick<T extends vscode.QuickPickItem> {
  item: T;
  /** Set when an item's button (edit, remove) was clicked instead of the item itself. */
  button?: vscode.QuickInputButton;
}

export interface ListOptions<T extends vscode.QuickPickItem> {
  title: string;
  placeholder: string;
  items: readonly T[];
  /** Offer the title bar's Back button; it answers 'back' like Escape. */
  back?: boolean;
  /** Called as the user types: lets a list offer what was typed as an item of its own. */
  typed?: (value: string) => readonly T[];
}

/**
 * A quick pick whose items may carry buttons (showQuickPick cannot report them). Resolves with the
 * item, with the item and its button, or 'back' when it was closed or Back was pressed.
 */
export function pickFromList<T extends vscode.QuickPickItem>(
  options: ListOptions<T>,
): Promise<ListPick<T> | 'back'> {
  const qp = vscode.window.createQuickPick<T>();
  qp.title = options.title;
  qp.placeholder = options.placeholder;
  qp.items = options.items;
  qp.ignoreFocusOut = true;
  qp.matchOnDescription = true;
  if (options.back) qp.buttons = [vscode.QuickInputButtons.Back];
  return new Promise((resolve) => {
    let done = false;
    const finish = (result: ListPick<T> | 'back') => {
      if (done) return;
      done = true;
      resolve(result);
      qp.dispose();
    };
    qp.onDidAccept(() => {
      const [item] = qp.selectedItems;
      if (item) finish({ item });
    });
    qp.onDidTriggerItemButton((e) => finish({ item: e.item, button: e.button }));
    qp.onDidTriggerButton(() => finish('back'));
    qp.onDidHide(() => finish('back'));
    const typed = options.typed;
    if (typed) qp.onDidChangeValue((value) => (qp.items = [...typed(value), ...options.items]));
    qp.show();
  });
}
