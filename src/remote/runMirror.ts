import { RUN_FILES } from '../core/run/runFiles';
import { RolloutTree } from '../core/store/rolloutTree';
import { RunStore } from '../core/store/runStore';
import type { Annotate } from '../core/store/recordEntry';
import { HeadsFollower } from './headsFollower';
import { RolloutFollower } from './rolloutFollower';
import type { Target } from './target';
import type { WorkControl } from '../core/work/slicedWork';

/** Samples per second over the last window, for the status bar. */
class RateMeter {
  private events: { at: number; n: number }[] = [];
  constructor(private readonly windowMs = 5000) {}
  add(n: number, at = Date.now()): void {
    this.events.push({ at, n });
  }
  rate(now = Date.now()): number {
    this.events = this.events.filter((e) => now - e.at <= this.windowMs);
    return this.events.reduce((sum, e) => sum + e.n, 0) / (this.windowMs / 1000);
  }
}

/**
 * What of a run is copied to this machine: 'all' mirrors every record; 'heads' keeps only the index of
 * the box's heads (media/rollout_heads.py) and reads a sample's body from the box when it is opened;
 * 'none' copies nothing (the run is listed, without its samples).
 */
export type MirrorMode = 'all' | 'heads' | 'none';

/** How RunMirror.open copies a run: heads only runs media/rollout_heads.py (its text here) on the box. */
export type RunMirrorMode =
  | { kind: 'all' }
  | {
      kind: 'heads';
      script: string;
      /** Lines of the box's answer between two commits while it streams in (HeadsFollower's default). */
      flushEntries?: number;
    };

/**
 * One run's rollouts on this machine: the local store, the follower that fills it from the box, and
 * the step/group tree the explorer shows. Stays alive while the run is listed.
 */
export class RunMirror {
  readonly tree = new RolloutTree();
  private readonly rate = new RateMeter();
  private readonly follower: RolloutFollower | HeadsFollower;
  private listeners: (() => void)[] = [];
  /** Aborted by close(): a catch-up still waiting ends with it. */
  private readonly closing = new AbortController();

  private constructor(
    readonly store: RunStore,
    /** The box the run is on and its directory there, for files beside rollouts.jsonl (train dumps). */
    readonly target: Target,
    readonly runDir: string,
    onError: (e: Error) => void,
    heads: Extract<RunMirrorMode, { kind: 'heads' }> | undefined,
  ) {
    this.tree.update(store.samples);
    const rollouts = `${runDir}/${RUN_FILES.rollouts}`;
    if (heads === undefined) this.follower = new RolloutFollower(target, rollouts, store, { onError });
    else {
      store.setBodySource({ read: (offset, length) => target.readRange(rollouts, offset, length) });
      const index = `${runDir}/${RUN_FILES.heads}`;
      this.follower = new HeadsFollower(target, rollouts, index, heads.script, store, {
        onError,
        ...(heads.flushEntries !== undefined ? { flushEntries: heads.flushEntries } : {}),
      });
    }
    store.onChange((c) => {
      this.tree.update(store.samples);
      this.rate.add(c.samples);
      for (const l of this.listeners) l();
    });
  }

  static async open(opts: {
    target: Target;
    runDir: string;
    storeDir: string;
    annotate: Annotate;
    annotateKey?: string;
    maxLineBytes?: number;
    onError: (e: Error) => void;
    /** 'all' unless said; 'heads' needs the text of media/rollout_heads.py, run on the box. */
    mode?: RunMirrorMode;
  }): Promise<RunMirror> {
    const heads = opts.mode?.kind === 'heads' ? opts.mode : undefined;
    const store = await RunStore.open(opts.storeDir, `${opts.target.label}:${opts.runDir}`, {
      annotate: opts.annotate,
      ...(opts.annotateKey !== undefined ? { annotateKey: opts.annotateKey } : {}),
      maxLineBytes: opts.maxLineBytes,
      bodies: heads === undefined ? 'mirror' : 'box',
    });
    const mirror = new RunMirror(store, opts.target, opts.runDir, opts.onError, heads);
    mirror.follower.start();
    return mirror;
  }

  /**
   * Follows until the store holds every line rollouts.jsonl had on the box when called, reporting
   * bytes committed of that end. An abort pauses following (unless `onAbort` is 'keep', for a caller
   * that only stops waiting): the lines committed stay, whole and with the offset they end at, and
   * resume() goes on from there. Resolves false when aborted.
   */
  async catchUp(control: WorkControl, onAbort: 'pause' | 'keep' = 'pause'): Promise<boolean> {
    const { signal, onProgress } = control;
    const stop = async (): Promise<void> => {
      if (onAbort === 'pause') await this.pause();
    };
    const end = await this.follower.completeLinesEnd();
    if (end === undefined || this.follower.covered() >= end) return true;
    if (this.closing.signal.aborted) return false;
    if (signal?.aborted) {
      await stop();
      return false;
    }
    return new Promise<boolean>((resolve) => {
      const finish = (done: boolean): void => {
        off();
        signal?.removeEventListener('abort', aborted);
        this.closing.signal.removeEventListener('abort', onClose);
        resolve(done);
      };
      const onClose = (): void => finish(false);
      const check = (): void => {
        const covered = this.follower.covered();
        onProgress?.(Math.min(covered, end), end);
        // A restarted run (a new generation) starts over below `end`: its old lines are kept apart.
        if (covered >= end || this.store.generation !== generation) finish(true);
      };
      const aborted = (): void => void stop().then(() => finish(false));
      const generation = this.store.generation;
      const off = this.store.onChange(check);
      signal?.addEventListener('abort', aborted, { once: true });
      this.closing.signal.addEventListener('abort', onClose, { once: true });
      check();
    });
  }

  /** Bytes of the box's rollouts.jsonl whose lines this machine holds (or, heads only, their heads). */
  covered(): number {
    return this.follower.covered();
  }

  /** Stops following the box, keeping what was mirrored; the explorer still shows it. */
  async pause(): Promise<void> {
    await this.follower.stop();
  }

  resume(): void {
    this.follower.start();
  }

  get paused(): boolean {
    return !this.follower.following;
  }

  onChange(listener: () => void): () => void {
    this.listeners.push(listener);
    return () => (this.listeners = this.listeners.filter((l) => l !== listener));
  }

  samplesPerSecond(): number {
    return this.rate.rate();
  }

  async close(): Promise<void> {
    this.closing.abort();
    this.listeners = [];
    await this.follower.stop();
    await this.store.close();
  }
}
