import { promises as fs } from 'node:fs';
import type { SampleColumns } from './sampleColumns';
import { textMatcher } from './visibleText';

const CHUNK = 8 * 1024 * 1024;

/**
 * Finds the samples whose record shows a text (see visibleText.ts), reading the mirror by the samples'
 * offsets in chunks so a large run is never in memory whole. Extends itself as the run grows: `kick()`
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
        const first = this.scanned;
        const start = this.samples.offset(first);
        const endOf = (seq: number) => this.samples.offset(seq) + this.samples.byteLength(seq);
        let last = first;
        while (last + 1 < this.samples.length && endOf(last + 1) - start <= CHUNK) last++;
        const buffer = Buffer.alloc(endOf(last) - start);
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, start);
        let seq = first;
        // Samples past what the mirror holds yet are looked at once they are written.
        for (; seq <= last && endOf(seq) - start <= bytesRead; seq++) {
          const at = this.samples.offset(seq) - start;
          if (this.test(buffer.toString('utf8', at, at + this.samples.byteLength(seq))))
            this.matches.add(seq);
        }
        this.scanned = seq;
        this.onProgress();
        if (seq <= last) break;
        await new Promise((r) => setImmediate(r));
      }
    } finally {
      await handle.close();
    }
  }
}
