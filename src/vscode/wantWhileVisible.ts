import type * as vscode from 'vscode';
import type { PausableInterval } from '../remote/pausableInterval';

/** Something that can be shown and hidden: a tree view, or the viewer's panels taken together. */
export interface Showable {
  readonly visible: boolean;
  readonly onDidChangeVisibility: vscode.Event<unknown>;
}

/**
 * Keeps `interval` (or anything wanted by reason, like the Servers view's watches) wanted under `reason`
 * while `view` is visible; `onShown` runs each time it shows.
 */
export function wantWhileVisible(
  interval: Pick<PausableInterval, 'want'>,
  reason: string,
  view: Showable,
  onShown?: () => void,
): vscode.Disposable {
  const apply = () => {
    interval.want(reason, view.visible);
    if (view.visible) onShown?.();
  };
  apply();
  return view.onDidChangeVisibility(apply);
}
