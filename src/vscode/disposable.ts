import type * as vscode from 'vscode';

/**
 * How the extension's objects join its lifecycle. An object that owns editor resources (providers,
 * listeners, status items, timers' cleanups, child objects) extends this and registers each one as it
 * makes it; its dispose() releases them all, newest first, once. A feature's activate function pushes
 * the objects it makes onto context.subscriptions; objects never push onto it themselves.
 */
export abstract class Disposable implements vscode.Disposable {
  private readonly owned: vscode.Disposable[] = [];
  private disposed = false;

  /** Owns `d` from now on; after dispose() it is released at once, so nothing outlives its owner. */
  protected register<T extends vscode.Disposable>(d: T): T {
    if (this.disposed) d.dispose();
    else this.owned.push(d);
    return d;
  }

  /** Runs `release` when this is disposed: for cleanups that are not objects (timers, followers). */
  protected onDispose(release: () => void): void {
    this.register({ dispose: release });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const d of this.owned.splice(0).reverse()) d.dispose();
  }
}
