import * as vscode from 'vscode';

export interface BoxView {
  label: string;
  description: string;
  tooltip: string;
}

/** The boxes this window works with; for now the local machine with its runs root. */
export class BoxesTree implements vscode.TreeDataProvider<BoxView> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private boxes: BoxView[] = [];

  set(boxes: BoxView[]): void {
    this.boxes = boxes;
    this.changed.fire();
  }

  getChildren(node?: BoxView): BoxView[] {
    return node ? [] : this.boxes;
  }

  getTreeItem(box: BoxView): vscode.TreeItem {
    const item = new vscode.TreeItem(box.label);
    item.description = box.description;
    item.tooltip = box.tooltip;
    item.iconPath = new vscode.ThemeIcon('vm');
    item.contextValue = 'box';
    return item;
  }
}
