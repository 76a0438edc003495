import type { Target } from '../target';

export interface ConsoleListener {
  /** Raw bytes as they arrive (for a terminal, which draws tqdm's \r redraws itself). */
  onData?(chunk: Buffer): void;
  /** Each complete line, without its newline; `end` is the byte offset just past it. */
  onLine?(line: string, end: number): void;
}

export interface ConsoleFollowerOptions {
  /** Byte offset to start from (0 replays the whole log). */
  from?: number;
  /** Wait after a failed or ended stream, doubling up to 10 s; reset once data flows again. */
  retryMs?: number;
  onError?: (e: Error) => void;
}

/**
 * Streams a console.log on the box with `tail -c +N -f`, N being the byte after the last one
 * delivered, so a dropped connection or a reconnect neither loses nor repeats output. The launch
 * scripts only ever append to console.log and never replace it, so the offset stays valid for the
 * file's life; a log that does not exist yet is waited for.
 */
export class ConsoleFollower {
  private stopped = false;
  private running: Promise<void> | undefined;
  private abort: AbortController | undefined;
  private partial: Buffer = Buffer.alloc(0);
  private received: number;
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly target: Target,
    private readonly path: string,
    private readonly listener: ConsoleListener,
    private readonly options: ConsoleFollowerOptions = {},
  ) {
    this.received = options.from ?? 0;
  }

  /** Bytes of the file delivered so far: where a new follower would resume. */
  get offset(): number {
    return this.received;
  }

  start(): void {
    // A reconnect ends the old stream at once instead of waiting for the backoff.
    this.unsubscribe ??= this.target.onReconnect(() => this.abort?.abort());
    this.running ??= this.loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    this.abort?.abort();
    await this.running;
  }

  private async loop(): Promise<void> {
    let backoff = this.options.retryMs ?? 500;
    while (!this.stopped) {
      const abort = new AbortController();
      this.abort = abort;
      let gotData = false;
      try {
        await this.target.exec(['tail', '-c', `+${this.received + 1}`, '-f', this.path], {
          signal: abort.signal,
          onStdout: (chunk) => {
            gotData = true;
            this.deliver(chunk);
          },
          onStderr: () => {},
        });
      } catch (e) {
        if (!this.stopped) this.options.onError?.(e as Error);
      }
      if (this.stopped) break;
      if (gotData) backoff = this.options.retryMs ?? 500;
      await sleep(backoff);
      backoff = Math.min(backoff * 2, 10_000);
    }
  }

  private deliver(chunk: Buffer): void {
    this.listener.onData?.(chunk);
    const start = this.received - this.partial.length;
    this.received += chunk.length;
    if (!this.listener.onLine) return;
    const data = this.partial.length > 0 ? Buffer.concat([this.partial, chunk]) : chunk;
    let from = 0;
    for (let nl = data.indexOf(10); nl >= 0; nl = data.indexOf(10, from)) {
      this.listener.onLine(data.subarray(from, nl).toString('utf8'), start + nl + 1);
      from = nl + 1;
    }
    // Copied, so a retained tail does not pin the whole chunk.
    this.partial = Buffer.from(data.subarray(from));
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
