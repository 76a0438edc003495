import * as vscode from 'vscode';
import { SavedViewsFile } from '../../core/store/savedViews';
import type { SavedViews } from '../../core/store/savedViews';
import type { RunMirror } from '../../remote/runMirror';
import { Disposable } from '../disposable';

/**
 * Every run's saved views and pins, read from the saved-views.json beside its store and kept here for the
 * explorer, which asks synchronously. The viewer and the explorer both change them through this one
 * object, so each hears the other's changes (onDidChange names the run).
 */
export class RunSavedViews extends Disposable {
  private readonly known = new Map<string, SavedViews>();
  private readonly reading = new Map<string, Promise<SavedViews>>();
  /** Problems already shown, so a bad file is reported once per window, not on every read. */
  private readonly reported = new Set<string>();
  private readonly changed = this.register(new vscode.EventEmitter<string>());
  /** Fires with the run key whose saved views or pins changed. */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly mirrors: ReadonlyMap<string, RunMirror>,
    private readonly log: vscode.LogOutputChannel,
  ) {
    super();
  }

  private file(runKey: string): SavedViewsFile {
    const mirror = this.mirrors.get(runKey);
    if (!mirror)
      throw new Error(vscode.l10n.t('The run is still loading from the box, or is no longer listed.'));
    return new SavedViewsFile(mirror.store.dir);
  }

  /** What the run has saved, read from its file now (it may have been edited by hand). */
  async get(runKey: string): Promise<SavedViews> {
    const pending = this.reading.get(runKey);
    if (pending) return pending;
    const read = this.file(runKey)
      .read()
      .then((saved) => this.took(runKey, saved))
      .finally(() => this.reading.delete(runKey));
    this.reading.set(runKey, read);
    return read;
  }

  /** What is known of the run without waiting; the first ask reads the file and fires onDidChange. */
  peek(runKey: string): SavedViews | undefined {
    const saved = this.known.get(runKey);
    if (!saved && this.mirrors.has(runKey))
      this.get(runKey).catch((e: Error) => this.log.warn(`saved views of ${runKey}: ${e.message}`));
    return saved;
  }

  /** Changes the run's file and tells everyone; errors are shown, and answer undefined. */
  async change(
    runKey: string,
    what: string,
    write: (file: SavedViewsFile) => Promise<SavedViews>,
  ): Promise<SavedViews | undefined> {
    try {
      return this.took(runKey, await write(this.file(runKey)));
    } catch (e) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Cannot {0}: {1}', what, (e as Error).message));
      return undefined;
    }
  }

  private took(runKey: string, saved: SavedViews): SavedViews {
    const before = this.known.get(runKey);
    this.known.set(runKey, saved);
    const fresh = saved.problems.filter((p) => !this.reported.has(p));
    for (const p of fresh) {
      this.reported.add(p);
      this.log.warn(p);
    }
    const [first] = fresh;
    if (first !== undefined)
      void vscode.window.showWarningMessage(
        fresh.length > 1
          ? vscode.l10n.t('Saved views and pins: {0} (and {1} more in the log)', first, fresh.length - 1)
          : vscode.l10n.t('Saved views and pins: {0}', first),
      );
    if (JSON.stringify(before) !== JSON.stringify(saved)) this.changed.fire(runKey);
    return saved;
  }
}
