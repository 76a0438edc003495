import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { HeadsReader } from '../core/store/headsLine';
import type { HeadsEntry } from '../core/store/headsLine';
import type { RunStore } from '../core/store/runStore';
import type { Target } from './target';

const gunzipAsync = promisify(gunzip);

export interface HeadsFollowerOptions {
  /** How often the box is asked for heads added since the last answer. */
  pollMs?: number;
  onError?: (e: Error) => void;
}

/** What media/rollout_heads.py says before the heads it sends. */
interface HeadsStatus {
  /** Inode of the rollouts.jsonl the heads describe. */
  ino: number;
  /** The heads index's offset of the first byte sent. */
  from: number;
}

/**
 * Fills a heads-only RunStore from the box: media/rollout_heads.py (run there with the box's python3)
 * brings the run's heads index up to date, resuming where it stopped, and sends back, compressed, the
 * part of the index after the store's commit point. Only heads cross the link; bodies are read by byte
 * range when a sample is opened. A heads index of another inode (the run restarted) starts a new
 * generation, as a mirror's follower does.
 */
export class HeadsFollower {
  private stopped = false;
  private running: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private readonly reader = new HeadsReader();

  constructor(
    private readonly target: Target,
    private readonly rolloutsPath: string,
    private readonly headsPath: string,
    /** The text of media/rollout_heads.py. */
    private readonly script: string,
    private readonly store: RunStore,
    private readonly options: HeadsFollowerOptions = {},
  ) {}

  start(): void {
    this.running ??= this.loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.running;
  }

  private async loop(): Promise<void> {
    let backoff = 500;
    while (!this.stopped) {
      let wait = this.options.pollMs ?? 2000;
      try {
        if (await this.target.stat(this.rolloutsPath)) await this.poll();
        backoff = 500;
      } catch (e) {
        if (this.stopped) break;
        this.options.onError?.(e as Error);
        wait = backoff;
        backoff = Math.min(backoff * 2, 10_000);
      }
      if (this.stopped) break;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, wait);
        this.wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
    }
  }

  /** One round: asks for the heads after the store's commit point and commits them. */
  async poll(): Promise<void> {
    const argv = [
      'python3',
      '-c',
      this.script,
      this.rolloutsPath,
      this.headsPath,
      String(this.store.resumeOffset),
      String(this.store.remoteIno ?? -1),
    ];
    const r = await this.target.exec(argv);
    if (r.code !== 0) {
      const why = r.stderr.toString().trim().split('\n').slice(-3).join(' ') || `exit code ${r.code}`;
      throw new Error(
        `${this.target.label}: indexing ${this.rolloutsPath} with the box's python3 failed: ${why}`,
      );
    }
    const bytes = await gunzipAsync(r.stdout);
    const first = bytes.indexOf(0x0a);
    const status = JSON.parse(bytes.toString('utf8', 0, first)) as HeadsStatus;
    if (
      status.from !== this.store.resumeOffset ||
      (this.store.remoteIno !== null && status.ino !== this.store.remoteIno)
    ) {
      await this.store.startNewGeneration(status.ino);
    }
    const entries: HeadsEntry[] = [];
    let at = status.from;
    for (let start = first + 1; start < bytes.length;) {
      const nl = bytes.indexOf(0x0a, start);
      // The index commits whole lines only; a cut one is an incomplete answer, read again next round.
      if (nl === -1) break;
      const entry = this.reader.read(bytes.toString('utf8', start, nl), `${this.headsPath}, byte ${at}`);
      if (entry) entries.push(entry);
      at += nl + 1 - start;
      start = nl + 1;
    }
    this.store.ingestHeads(entries, at);
    await this.store.flush(status.ino);
  }
}
