import { promises as fs } from 'node:fs';
import type { SampleColumns } from './sampleColumns';
import { readSampleTexts } from './sampleTexts';
import { textMatcher } from './visibleText';

// Samples per read (and at most 8 MB, sampleTexts.ts); a yield between reads keeps the host responsive.
const BATCH = 4096;

/**
 * Finds the samples whose record shows a text (see visibleText.ts), reading the mirror by the samples'
 * offsets in batches so a large run is never in memory whole. Extends itself as the run grows: `kick()`
 * after samples arrive scans only the new ones. The viewer keeps one per query while the run streams; the
 * explorer's filter runs one to the end (RunStore.searchText).
 */
export class TextSearch {
  /** Positions (`seq`) of the matching samples. */
  readonly matches = new Set<number>();
  private scanned = 0;
  private running: Promise<void> | undefined;
  private readonly test: (json: string) => boolean;

  constructor(
    readonly text: string,
    private readonly file: () => string,
    private readonly samples: SampleColumns,
    private readonly onProgress: () => void = () => {},
  ) {
    this.test = textMatcher(text);
  }

  get searching(): boolean {
    return this.running !== undefined;
  }

  kick(): void {
    this.running ??= this.loop().finally(() => {
      this.running = undefined;
    });
  }

  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async loop(): Promise<void> {
    let handle: fs.FileHandle;
    try {
      handle = await fs.open(this.file(), 'r');
    } catch {
      return;
    }
    try {
      while (this.scanned < this.samples.length) {
        const from = this.scanned;
        const batch = await readSampleTexts(handle, this.samples, from, BATCH);
        // Samples past what the mirror holds yet are looked at once they are written (the next kick).
        if (batch.to === from) break;
        for (let seq = from; seq < batch.to; seq++) if (this.test(batch.text(seq))) this.matches.add(seq);
        this.scanned = batch.to;
        this.onProgress();
        await new Promise((r) => setImmediate(r));
      }
    } finally {
      await handle.close();
    }
  }
}
