import type { RunStore } from '../core/store/runStore';
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

interface RemoteFile {
  ino: number;
  size: number;
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

  start(): void {
    this.running ??= this.loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.streamAbort?.abort();
    await this.running;
    clearTimeout(this.flushTimer);
    await this.store.flush(this.ino);
  }

  private async remoteFile(): Promise<RemoteFile | undefined> {
    // stat(1) rather than SFTP: SFTP attributes carry no inode, and a replaced file must be noticed.
    const r = await this.target.exec(['stat', '-L', '-c', '%i %s', this.path], { timeoutMs: 15_000 });
    if (r.code !== 0) return undefined;
    const [ino, size] = r.stdout.toString().trim().split(' ').map(Number);
    return ino === undefined || size === undefined ? undefined : { ino, size };
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
    // stop() while the stream was being set up aborted the one before: this one must not start at all.
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
