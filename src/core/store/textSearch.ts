import type { SampleColumns } from './sampleColumns';
import { promises as fs } from 'node:fs';

const CHUNK = 8 * 1024 * 1024;

/**
 * Finds the samples whose raw record contains a text, by scanning the mirror's bytes rather than
 * parsing bodies. The needle is looked for as it appears inside a JSON string (quotes and newlines
 * escaped), so "said \"no\"" or a multi-line snippet from the model's output is found as typed.
 * Runs in chunks and extends itself as the run grows.
 */
export class TextSearch {
  readonly matches = new Set<number>();
  private scannedBytes = 0;
  private running: Promise<void> | undefined;
  private readonly needle: Buffer;

  constructor(
    readonly text: string,
    private readonly file: () => string,
    private readonly samples: SampleColumns,
    private readonly onProgress: () => void,
  ) {
    this.needle = Buffer.from(JSON.stringify(text).slice(1, -1), 'utf8');
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
      const n = this.samples.length;
      const end = n > 0 ? this.samples.offset(n - 1) + this.samples.byteLength(n - 1) : 0;
      while (this.scannedBytes < end) {
        // Overlap by the needle's length so a match across a chunk boundary is not missed.
        const from = Math.max(0, this.scannedBytes - this.needle.length + 1);
        const length = Math.min(CHUNK, end - from);
        const buffer = Buffer.alloc(length);
        const { bytesRead } = await handle.read(buffer, 0, length, from);
        if (bytesRead === 0) break;
        let at = buffer.indexOf(this.needle, 0);
        while (at !== -1 && at < bytesRead) {
          const seq = this.sampleAt(from + at);
          if (seq !== undefined) this.matches.add(seq);
          at = buffer.indexOf(this.needle, at + 1);
        }
        this.scannedBytes = from + bytesRead;
        this.onProgress();
        await new Promise((r) => setImmediate(r));
      }
    } finally {
      await handle.close();
    }
  }

  /** The sample whose record holds this byte (records are in offset order). */
  private sampleAt(offset: number): number | undefined {
    let lo = 0;
    let hi = this.samples.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const start = this.samples.offset(mid);
      if (offset < start) hi = mid - 1;
      else if (offset >= start + this.samples.byteLength(mid)) lo = mid + 1;
      else return mid;
    }
    // Step records sit between samples in the mirror; a match there belongs to no sample.
    return undefined;
  }
}
