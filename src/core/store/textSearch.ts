import type { SampleColumns } from './sampleColumns';
import { SampleScan } from './sampleScan';
import type { SampleTexts } from './sampleTexts';
import { textMatcher } from './visibleText';

// Samples per read (and at most 8 MB, sampleTexts.ts).
const BATCH = 4096;

/**
 * Finds the samples whose record shows a text (see visibleText.ts). The viewer keeps one per query while
 * the run streams; the explorer's filter runs one to the end (RunStore.searchText).
 */
export class TextSearch extends SampleScan {
  /** Positions (`seq`) of the matching samples. */
  readonly matches = new Set<number>();
  private looked = 0;
  private readonly test: (json: string) => boolean;

  constructor(
    readonly text: string,
    file: () => string,
    samples: SampleColumns,
    onProgress: () => void = () => {},
  ) {
    super(file, samples, BATCH, onProgress);
    this.test = textMatcher(text);
  }

  get scanned(): number {
    return this.looked;
  }

  protected take(texts: SampleTexts, from: number): void {
    for (let seq = from; seq < texts.to; seq++) if (this.test(texts.text(seq))) this.matches.add(seq);
    this.looked = texts.to;
  }

  protected forget(): void {
    this.matches.clear();
    this.looked = 0;
  }
}
