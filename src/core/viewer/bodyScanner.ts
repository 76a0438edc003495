import type { SampleColumns } from '../store/sampleColumns';
import { SampleScan } from '../store/sampleScan';
import type { SampleTexts } from '../store/sampleTexts';
import type { SampleRecord } from '../records/tapRecord';
import { tooDeepAt } from '../../shared/jsonDepth';
import type { SampleExtras } from './sampleExtras';

const BATCH = 256;

/**
 * Fills per-sample extras from the mirror's bodies in the background (a SampleScan). Indexed by the
 * sample's position in the store (append-only per generation).
 */
export class BodyScanner extends SampleScan {
  readonly extras: (SampleExtras | undefined)[] = [];

  constructor(
    file: () => string,
    samples: SampleColumns,
    private readonly read: (record: SampleRecord) => SampleExtras,
    onProgress: () => void,
  ) {
    super(file, samples, BATCH, onProgress);
  }

  get scanned(): number {
    return this.extras.length;
  }

  protected take(texts: SampleTexts, from: number): void {
    for (let seq = from; seq < texts.to; seq++) this.extras.push(this.parse(texts.text(seq)));
  }

  protected forget(): void {
    this.extras.length = 0;
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
