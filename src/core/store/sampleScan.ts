import { promises as fs } from 'node:fs';
import type { SampleColumns } from './sampleColumns';
import { readSampleTexts } from './sampleTexts';
import type { SampleTexts } from './sampleTexts';
import { untilAborted } from '../work/slicedWork';
import type { WorkControl } from '../work/slicedWork';

/**
 * A pass over a run's records in the background, from the first sample on, that extends itself as the run
 * grows: `kick()` after samples arrive reads only the new ones. One read per batch of adjacent records
 * (sampleTexts.ts) and a yield between batches, so requests are never stuck behind a 100k-sample pass.
 * The body scan and the text search are passes.
 */
export abstract class SampleScan {
  private running: Promise<void> | undefined;
  private again = false;
  /** Bumped by reset(): a read of an older generation is dropped, not taken in. */
  private generation = 0;
  /** Waiters told after each batch, so a wait can say how far the pass is. */
  private readonly watchers = new Set<() => void>();

  constructor(
    private readonly file: () => string,
    protected readonly samples: SampleColumns,
    private readonly batch: number,
    private readonly onProgress: () => void,
  ) {}

  /** How many samples, from the first, have been taken in. */
  abstract get scanned(): number;
  /** Takes in the samples from `from` up to `texts.to`. */
  protected abstract take(texts: SampleTexts, from: number): void;
  /** Drops what was taken in. */
  protected abstract forget(): void;

  get busy(): boolean {
    return this.running !== undefined;
  }

  /** Reads whatever arrived since the last pass; safe to call on every store change. */
  kick(): void {
    if (this.samples.length < this.scanned) this.reset();
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.loop().finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        this.kick();
      }
    });
  }

  /** The run restarted: forget everything (the store's samples were cleared). */
  reset(): void {
    this.forget();
    this.generation++;
  }

  /**
   * Resolves once everything known now is read, saying how far the pass is on the way. An abort stops the
   * wait (with the signal's AbortError), not the pass: the viewer that started it still wants it.
   */
  async idle({ signal, onProgress }: WorkControl = {}): Promise<void> {
    signal?.throwIfAborted();
    const report = () => onProgress?.(this.scanned, this.samples.length);
    this.watchers.add(report);
    try {
      while (this.running) {
        report();
        await (signal ? untilAborted(this.running, signal) : this.running);
      }
    } finally {
      this.watchers.delete(report);
    }
    report();
  }

  private async loop(): Promise<void> {
    const generation = this.generation;
    let handle: fs.FileHandle;
    try {
      handle = await fs.open(this.file(), 'r');
    } catch {
      return;
    }
    try {
      while (generation === this.generation && this.scanned < this.samples.length) {
        const from = this.scanned;
        const texts = await readSampleTexts(handle, this.samples, from, this.batch);
        // The rest is not on disk yet; the store's next change kicks the pass again.
        if (texts.to === from || generation !== this.generation) return;
        this.take(texts, from);
        this.onProgress();
        for (const watch of this.watchers) watch();
        await new Promise((r) => setImmediate(r));
      }
    } finally {
      await handle.close();
    }
  }
}
