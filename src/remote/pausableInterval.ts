/**
 * A repeating tick that runs only while something wants it. A refresh that nobody sees still costs the
 * box a command every second or two, so views and followers say when they need it; the tick stops when
 * none does. Resuming ticks at once, so what comes back into view is current rather than a period old.
 */
export class PausableInterval {
  private readonly wants = new Set<string>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private periodMs: number,
    private readonly tick: () => void,
  ) {}

  /** Says whether `reason` (a view, a follower…) needs the tick; it runs while any reason does. */
  want(reason: string, wanted: boolean): void {
    const before = this.wants.size > 0;
    if (wanted) this.wants.add(reason);
    else this.wants.delete(reason);
    const after = this.wants.size > 0;
    if (after && !before) {
      this.tick();
      this.start();
    } else if (before && !after) this.stop();
  }

  get running(): boolean {
    return this.timer !== undefined;
  }

  /** A new period (a setting changed); a running tick restarts with it. */
  setPeriod(ms: number): void {
    this.periodMs = ms;
    if (!this.timer) return;
    this.stop();
    this.start();
  }

  dispose(): void {
    this.wants.clear();
    this.stop();
  }

  private start(): void {
    this.timer = setInterval(this.tick, this.periodMs);
  }

  private stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
