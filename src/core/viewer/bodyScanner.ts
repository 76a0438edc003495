import type { SampleColumns } from '../store/sampleColumns';
import { readSampleTexts } from '../store/sampleTexts';
import { promises as fs } from 'node:fs';
import type { SampleRecord } from '../records/tapRecord';
import { tooDeepAt } from '../../shared/jsonDepth';
import type { SampleExtras } from './sampleExtras';

const BATCH = 256;

/**
 * Fills per-sample extras by reading the mirror's bodies in batches, in the background: one read per
 * batch of adjacent records, and a yield between batches so requests from the viewer are never stuck
 * behind a 100k-sample scan. Indexed by the sample's position in the store (append-only per generation).
 */
export class BodyScanner {
  readonly extras: (SampleExtras | undefined)[] = [];
  private running: Promise<void> | undefined;
  private again = false;
  private generation = 0;

  constructor(
    private readonly file: () => string,
    private readonly samples: SampleColumns,
    private readonly read: (record: SampleRecord) => SampleExtras,
    private readonly onProgress: () => void,
  ) {}

  get scanned(): number {
    return this.extras.length;
  }

  /** Scans whatever arrived since the last scan; safe to call on every store change. */
  kick(): void {
    if (this.samples.length < this.extras.length) this.reset();
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
    this.extras.length = 0;
    this.generation++;
  }

  /** Resolves once everything known now is scanned (tests and the benchmark wait on it). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
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
      while (generation === this.generation && this.extras.length < this.samples.length) {
        const from = this.extras.length;
        const batch = await readSampleTexts(handle, this.samples, from, BATCH);
        // The rest is not on disk yet; the store's next change kicks the scan again.
        if (batch.to === from) break;
        if (generation !== this.generation) return;
        for (let i = from; i < batch.to; i++) this.extras.push(this.parse(batch.text(i)));
        this.onProgress();
        await new Promise((r) => setImmediate(r));
      }
    } finally {
      await handle.close();
    }
  }

  private parse(text: string): SampleExtras | undefined {
    // A record nested deeper than the store reads cannot be opened; its row shows its extras as unknown.
    if (tooDeepAt(text) >= 0) return undefined;
    try {
      // The store validated every record it kept, so the schema is not run a second time here.
      return this.read(JSON.parse(text) as SampleRecord);
    } catch {
      // Only possible when the file changed under us; the row then shows its extras as unknown.
      return undefined;
    }
  }
}
