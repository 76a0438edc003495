import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type * as vscode from 'vscode';
import type { Annotation } from '../core/store/recordEntry';
import type { DiscoveredRun } from '../remote/runDiscovery';
import { StoreInUseError } from '../core/store/storeLock';
import { RunMirror } from '../remote/runMirror';
import type { RunMirrorMode } from '../remote/runMirror';
import type { Target } from '../remote/target';

/** Keeps one RunMirror per listed run: opened when a run appears, closed when it goes away. */
export class RunMirrors {
  readonly byDir = new Map<string, RunMirror>();
  private opening = new Set<string>();
  /** Runs another window mirrors: said once, tried again at every sync. */
  readonly elsewhere = new Set<string>();
  /** Runs whose mode says to copy nothing: listed, with no store. */
  readonly notCopied = new Set<string>();
  private lastRuns: DiscoveredRun[] = [];

  constructor(
    private readonly target: Target,
    private readonly storageDir: string,
    /** How this box's runs count diagnostics now (the profile follows the box's SGLang release). */
    private readonly annotation: () => Annotation,
    private readonly log: vscode.LogOutputChannel,
    /** A run's mirror changed; undefined: the run is not copied (any more). */
    private readonly onChange: (mirror: RunMirror | undefined, run: DiscoveredRun) => void,
    /** What of a run to copy (MirrorModes), undefined for nothing; every record when not said. */
    private readonly mode: (runDir: string) => Promise<RunMirrorMode | undefined> = async () => ({
      kind: 'all',
    }),
    /** Each mirror once it is open (see firstCopy.ts), before it has caught up with its run. */
    private readonly opened?: (mirror: RunMirror, run: DiscoveredRun) => void,
  ) {}

  private storeDir(run: DiscoveredRun, mode: RunMirrorMode): string {
    // The run id keeps the folder readable; the hash keeps two boxes' runs of the same id apart. A
    // heads-only store has its own folder: switching back and forth keeps both, neither is rebuilt.
    const hash = createHash('sha256').update(`${this.target.label}:${run.dir}`).digest('hex').slice(0, 12);
    const heads = mode.kind === 'heads' ? '-heads' : '';
    return join(this.storageDir, 'stores', `${run.record.id.replace(/[^\w.-]/g, '_')}-${hash}${heads}`);
  }

  /** Closes a run's mirror so the next sync opens it again as its mode now says. */
  async reopen(runDir: string): Promise<void> {
    const mirror = this.byDir.get(runDir);
    this.byDir.delete(runDir);
    await mirror?.close();
    await this.sync(this.lastRuns);
  }

  async sync(runs: DiscoveredRun[]): Promise<void> {
    this.lastRuns = runs;
    const listed = new Set(runs.map((r) => r.dir));
    for (const [dir, mirror] of this.byDir) {
      if (!listed.has(dir)) {
        this.byDir.delete(dir);
        await mirror.close();
      }
    }
    await Promise.all(
      runs
        .filter((run) => !this.byDir.has(run.dir) && !this.opening.has(run.dir))
        .map(async (run) => {
          this.opening.add(run.dir);
          try {
            const mode = await this.mode(run.dir);
            if (!mode) {
              if (!this.notCopied.has(run.dir)) {
                this.notCopied.add(run.dir);
                this.onChange(undefined, run);
              }
              return;
            }
            this.notCopied.delete(run.dir);
            const mirror = await RunMirror.open({
              target: this.target,
              runDir: run.dir,
              storeDir: this.storeDir(run, mode),
              mode,
              annotate: this.annotation().annotate,
              annotateKey: this.annotation().key,
              onError: (e) => this.log.warn(`following ${run.dir}: ${e.message}`),
            });
            this.byDir.set(run.dir, mirror);
            this.elsewhere.delete(run.dir);
            mirror.onChange(() => this.onChange(mirror, run));
            this.onChange(mirror, run);
            this.opened?.(mirror, run);
          } catch (e) {
            if (e instanceof StoreInUseError) {
              if (!this.elsewhere.has(run.dir)) this.log.warn(`${run.dir}: ${e.message}`);
              this.elsewhere.add(run.dir);
            } else this.log.error(`cannot open the local store for ${run.dir}: ${(e as Error).message}`);
          } finally {
            this.opening.delete(run.dir);
          }
        }),
    );
  }

  /** Mirrors paused by a cancelled copy follow their run again, from where they stopped. */
  resumePaused(): void {
    for (const [dir, mirror] of this.byDir) {
      if (!mirror.paused) continue;
      mirror.resume();
      this.log.info(`${dir}: copying resumed`);
    }
  }

  /** The box's profile may have changed: each store counts again if it did. */
  reannotate(): void {
    const { annotate, key } = this.annotation();
    for (const mirror of this.byDir.values()) mirror.store.setAnnotate(annotate, key);
  }

  async dispose(): Promise<void> {
    await Promise.all([...this.byDir.values()].map((m) => m.close()));
    this.byDir.clear();
  }
}
