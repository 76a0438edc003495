import { createGunzip } from 'node:zlib';
import { HeadsReader } from '../core/store/headsLine';
import type { HeadsEntry } from '../core/store/headsLine';
import type { RunStore } from '../core/store/runStore';
import { completeLinesEnd } from './remoteFile';
import type { Target } from './target';

export interface HeadsFollowerOptions {
  /** How often the box is asked for heads added since the last answer. */
  pollMs?: number;
  /** Lines of an answer added between two commits while it streams in (FLUSH_ENTRIES unless said). */
  flushEntries?: number;
  onError?: (e: Error) => void;
}

/**
 * Lines of an answer added to the store between two commits while it streams in, and the longest wait
 * between commits: a re-read index commits in large pieces, a slow first pass on the box at least once a
 * second (the explorer and the progress notification move with it).
 */
const FLUSH_ENTRIES = 65_536;
const FLUSH_MS = 1000;

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
  private coveredBytes: number;
  /** Ends the round under way: a first pass over a large run can take minutes. */
  private polling: AbortController | undefined;

  constructor(
    private readonly target: Target,
    private readonly rolloutsPath: string,
    private readonly headsPath: string,
    /** The text of media/rollout_heads.py. */
    private readonly script: string,
    private readonly store: RunStore,
    private readonly options: HeadsFollowerOptions = {},
  ) {
    // Reopened: at least through its last sample (lines after it are read again in a moment).
    const last = store.samples.length > 0 ? store.samples.at(store.samples.length - 1) : undefined;
    this.coveredBytes = last ? last.offset + last.length + 1 : 0;
  }

  start(): void {
    if (this.running) return;
    this.stopped = false;
    this.running = this.loop();
  }

  /** Stops polling; start() resumes from what the store holds (a paused first copy). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    this.polling?.abort();
    await this.running;
    this.running = undefined;
  }

  get following(): boolean {
    return this.running !== undefined && !this.stopped;
  }

  /**
   * Where the last complete line of the box's rollouts.jsonl ends now: the index has caught up when it
   * covers that much. Undefined while the file is missing.
   */
  completeLinesEnd(): Promise<number | undefined> {
    return completeLinesEnd(this.target, this.rolloutsPath);
  }

  /**
   * Bytes of the box's rollouts.jsonl, from its start, whose lines the store's heads describe: a first
   * pass over a large run (the box reads the whole file once) reports its progress by it.
   */
  covered(): number {
    return this.coveredBytes;
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

  /**
   * One round: asks for the heads after the store's commit point and commits them. The answer is read as
   * it arrives: decompressed, parsed and (for the run the store already follows) added to the store while
   * the rest is still on the link, committed every FLUSH_ENTRIES lines, so a large index is browsable
   * soon after its last byte and the explorer fills as it comes. A round that fails part-way (a damaged
   * line, a cut answer) commits the whole lines before the failure; the next round resumes there. Heads of
   * a new generation (the run restarted) are held until the answer is in, then start it.
   */
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
    const store = this.store;
    const answer = new HeadsAnswer(this.reader, this.headsPath);
    let live: boolean | undefined;
    let sinceFlush = 0;
    let flushedAt = performance.now();
    const commits: Promise<void>[] = [];
    const commit = (ino: number) => {
      const done = store.flush(ino);
      done.catch(() => undefined); // awaited below; this only keeps it from counting as unhandled
      commits.push(done);
      sinceFlush = 0;
      flushedAt = performance.now();
    };
    // Adds what was read so far when it belongs to the run the store follows.
    const take = () => {
      const status = answer.status;
      if (!status) return;
      live ??=
        status.from === store.resumeOffset && (store.remoteIno === null || status.ino === store.remoteIno);
      if (!live || answer.entries.length === 0) return;
      sinceFlush += answer.entries.length;
      this.ingest(answer.entries.splice(0), answer.end);
      if (
        sinceFlush >= (this.options.flushEntries ?? FLUSH_ENTRIES) ||
        performance.now() - flushedAt >= FLUSH_MS
      ) {
        commit(status.ino);
      }
    };
    const gunzip = createGunzip();
    // A bad line fails the round once the answer is in (a throw here would escape the stream).
    let failure: Error | undefined;
    gunzip.on('data', (chunk: Buffer) => {
      if (failure) return;
      try {
        answer.take(chunk);
      } catch (e) {
        failure = e as Error;
      }
      take();
    });
    const decompressed = new Promise<void>((resolve, reject) => {
      gunzip.on('end', resolve);
      gunzip.on('error', reject);
    });
    // Awaited below unless the command failed first (then a cut stream's error says nothing more).
    decompressed.catch(() => undefined);
    try {
      this.polling = new AbortController();
      const r = await this.target.exec(argv, {
        onStdout: (chunk) => gunzip.write(chunk),
        signal: this.polling.signal,
      });
      gunzip.end();
      if (r.code !== 0) {
        gunzip.destroy();
        const why = r.stderr.toString().trim().split('\n').slice(-3).join(' ') || `exit code ${r.code}`;
        throw new Error(
          `${this.target.label}: indexing ${this.rolloutsPath} with the box's python3 failed: ${why}`,
        );
      }
      await decompressed;
      if (failure) throw failure;
    } catch (e) {
      gunzip.destroy();
      // What was read whole before the failure stays: the next round asks from there.
      if (live && answer.status) commit(answer.status.ino);
      await Promise.allSettled(commits);
      throw e;
    }
    const status = answer.status;
    if (!status) throw new Error(`${this.target.label}: indexing ${this.rolloutsPath} gave no answer`);
    if (live === false) {
      await store.startNewGeneration(status.ino);
      this.coveredBytes = 0;
      this.ingest(answer.entries.splice(0), answer.end);
    }
    commit(status.ino);
    await Promise.all(commits);
  }

  private ingest(entries: HeadsEntry[], headsEnd: number): void {
    this.store.ingestHeads(entries, headsEnd);
    const last = entries.at(-1);
    if (last) this.coveredBytes = last.offset + last.length + 1;
  }
}

/** The script's answer, read line by line as it is decompressed: a status line, then heads. */
class HeadsAnswer {
  status: HeadsStatus | undefined;
  readonly entries: HeadsEntry[] = [];
  /** The heads index's offset just past the last whole line read. */
  end = 0;
  private carry: Buffer = Buffer.alloc(0);

  constructor(
    private readonly reader: HeadsReader,
    private readonly headsPath: string,
  ) {}

  take(chunk: Buffer): void {
    const bytes = this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : chunk;
    let start = 0;
    for (let nl = bytes.indexOf(0x0a); nl !== -1; nl = bytes.indexOf(0x0a, start)) {
      const text = bytes.toString('utf8', start, nl);
      if (!this.status) {
        this.status = JSON.parse(text) as HeadsStatus;
        this.end = this.status.from;
      } else {
        const entry = this.reader.read(text, `${this.headsPath}, byte ${this.end}`);
        if (entry) this.entries.push(entry);
        this.end += nl + 1 - start;
      }
      start = nl + 1;
    }
    // The index commits whole lines only; a cut one is an incomplete answer, read again next round.
    this.carry = Buffer.from(bytes.subarray(start));
  }
}
