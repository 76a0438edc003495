import * as vscode from 'vscode';
import { PausableInterval } from '../remote/pausableInterval';
import type { BoxRegistry } from './boxes/boxRegistry';
import { Disposable } from './disposable';
import { refreshPeriodMs, runsRoot } from './settingsRoots';
import { wantWhileVisible } from './wantWhileVisible';
import type { Showable } from './wantWhileVisible';

/**
 * Re-reading the runs directories of every box: while a view or viewer shows them, or a live run is
 * followed (its exit is noticed here). Otherwise nothing asks the box anything.
 */
export class RunRefresh extends Disposable {
  private readonly ticks = this.register(new PausableInterval(1000, () => void this.refresh()));

  constructor(private readonly registry: BoxRegistry) {
    super();
    this.ticks.setPeriod(refreshPeriodMs());
    this.register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('rolloutStudio')) {
          if (e.affectsConfiguration('rolloutStudio.runsRoot')) registry.reprobe();
          this.ticks.setPeriod(refreshPeriodMs());
          void this.refresh();
        }
      }),
    );
  }

  /** Re-reads the connected boxes' runs. */
  readonly refresh = (): Promise<void> => this.registry.refresh(runsRoot());

  /** What a person asked for (a pick, a stop, a link) also needs the boxes remembered from last time. */
  readonly refreshAll = async (): Promise<void> => {
    // A first copy paused by Cancel resumes when a person asks for runs again.
    for (const box of this.registry.runSources()) box.mirrors?.resumePaused();
    await this.registry.connectSaved();
    await this.refresh();
  };

  /** Whether a live run is followed: runs are re-read to notice its exit. */
  readonly following = (live: boolean): void => this.ticks.want('a live run is followed', live);

  /**
   * Keeps runs re-read while `view` shows. A view that shows needs the remembered boxes; the first
   * refresh then lists their runs. `onShown` runs first, each time it shows.
   */
  whileVisible(reason: string, view: Showable, onShown?: () => void): vscode.Disposable {
    return wantWhileVisible(this.ticks, reason, view, () => {
      onShown?.();
      void this.registry.connectSaved().then(this.refresh);
    });
  }
}
