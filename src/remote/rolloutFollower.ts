import type { RunStore } from '../core/store/runStore';
import { completeLinesEnd, statRemoteFile } from './remoteFile';
import type { RemoteFile } from './remoteFile';
import type { Target } from './target';

export interface FollowerOptions {
  /** How often the remote file is checked for truncation or replacement (a restarted run). */
  pollMs?: number;
  /** How long ingested lines may wait before they are committed and announced. */
  flushMs?: number;
  /** Backoff after a failed stream, doubling up to 10 s; reset once data flows again. */
  retryMs?: number;
  onError?: (e: Error) => void;
}

/**
 * Mirrors a run's rollouts.jsonl on the box into a RunStore: `tail -c +N -f` streams from the byte
 * after the last committed line, so a dropped connection, a reconnect or a VS Code restart neither
 * loses nor repeats a record. A smaller file or a new inode means the run restarted: the store starts
 * a new generation and keeps the old one.
 */
export class RolloutFollower {
  private stopped = false;
  private running: Promise<void> | undefined;
  private streamAbort: AbortController | undefined;
  private flushTimer: NodeJS.Timeout | undefined;
  private ino: number | null = null;

  constructor(
    private readonly target: Target,
    private readonly path: string,
    private readonly store: RunStore,
    private readonly options: FollowerOptions = {},
  ) {}

  /** Starts following; also after stop(), from the last committed line. */
  start(): void {
    this.stopped = false;
    this.running ??= this.loop();
  }

  /** Stops following; every complete line received is committed first, so a later start resumes exactly. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.streamAbort?.abort();
    await this.running;
    this.running = undefined;
    clearTimeout(this.flushTimer);
    await this.store.flush(this.ino);
  }

  get following(): boolean {
    return this.running !== undefined && !this.stopped;
  }

  /** Where the last complete line of the file on the box ends now; undefined while it is missing. */
  completeLinesEnd(): Promise<number | undefined> {
    return completeLinesEnd(this.target, this.path);
  }

  /** Bytes of the box's file, from its start, whose lines the store holds. */
  covered(): number {
    return this.store.resumeOffset;
  }

  private remoteFile(): Promise<RemoteFile | undefined> {
    return statRemoteFile(this.target, this.path);
  }

  private async loop(): Promise<void> {
    let backoff = this.options.retryMs ?? 500;
    while (!this.stopped) {
      try {
        const file = await this.remoteFile();
        if (!file) {
          await this.sleep(this.options.pollMs ?? 1000);
          continue;
        }
        if (
          (this.store.remoteIno !== null && file.ino !== this.store.remoteIno) ||
          file.size < this.store.resumeOffset
        ) {
          await this.store.startNewGeneration(file.ino);
        }
        this.ino = file.ino;
        const streamed = await this.stream();
        if (streamed) backoff = this.options.retryMs ?? 500;
      } catch (e) {
        if (this.stopped) break;
        this.options.onError?.(e as Error);
      }
      if (this.stopped) break;
      await this.sleep(backoff);
      backoff = Math.min(backoff * 2, 10_000);
    }
  }

  /** Streams until the connection drops, the file is replaced, or stop(); true if data arrived. */
  private async stream(): Promise<boolean> {
    await this.store.restartStream();
    const abort = new AbortController();
    this.streamAbort = abort;
    // stop() during the awaits above aborted the previous stream, not this one: `tail -f` would
    // otherwise run on and stop() would wait for it forever.
    if (this.stopped) abort.abort();
    let gotData = false;
    const watcher = this.watchReplacement(abort);
    try {
      await this.target.exec(['tail', '-c', `+${this.store.resumeOffset + 1}`, '-f', this.path], {
        signal: abort.signal,
        onStdout: (chunk) => {
          gotData = true;
          this.store.ingest(chunk);
          this.scheduleFlush();
        },
        onStderr: () => {},
      });
    } finally {
      abort.abort();
      await watcher;
      clearTimeout(this.flushTimer);
      this.flushTimer = undefined;
      await this.store.flush(this.ino);
    }
    return gotData;
  }

  private async watchReplacement(abort: AbortController): Promise<void> {
    while (!abort.signal.aborted) {
      await this.sleep(this.options.pollMs ?? 1000, abort.signal);
      if (abort.signal.aborted) return;
      const file = await this.remoteFile().catch(() => undefined);
      if (file && (file.ino !== this.ino || file.size < this.store.resumeOffset)) abort.abort();
    }
  }

  private scheduleFlush(): void {
    if (this.flushTimer) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined;
      // A failed flush ends the stream; the stream's own last flush reports why, and it restarts.
      this.store.flush(this.ino).catch(() => this.streamAbort?.abort());
    }, this.options.flushMs ?? 50);
  }

  private sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(t);
        resolve();
      };
      const t = setTimeout(() => {
        signal?.removeEventListener('abort', wake);
        resolve();
      }, ms);
      signal?.addEventListener('abort', wake, { once: true });
    });
  }
}
