/**
 * A deadline that stops counting while a person is being asked something: a connect timeout bounds
 * the network, not how long someone reads a fingerprint or types a passphrase.
 */
export class PausableTimer {
  private remaining: number;
  private startedAt = 0;
  private timer: NodeJS.Timeout | undefined;
  private pauses = 0;
  private done = false;

  constructor(
    ms: number,
    private readonly onExpire: () => void,
  ) {
    this.remaining = ms;
    this.run();
  }

  /** Runs fn with the clock stopped; pauses nest. */
  async paused<T>(fn: () => Promise<T>): Promise<T> {
    if (this.pauses++ === 0 && this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
      this.remaining -= Date.now() - this.startedAt;
    }
    try {
      return await fn();
    } finally {
      if (--this.pauses === 0) this.run();
    }
  }

  clear(): void {
    this.done = true;
    clearTimeout(this.timer);
  }

  private run(): void {
    if (this.done) return;
    this.startedAt = Date.now();
    this.timer = setTimeout(
      () => {
        this.done = true;
        this.onExpire();
      },
      Math.max(0, this.remaining),
    );
  }
}
