export interface ScreenshotDiff {
  width: number;
  height: number;
  total: number;
  differing: number;
  /** Pixels left out (set in `ignore`). */
  ignored: number;
  sizeChanged: boolean;
  /** The diff picture (PNG bytes), differing pixels in red; null when the sizes differ. */
  diff: Buffer | null;
}

export function noisyPixels(first: Buffer, second: Buffer, options?: { grow?: number }): Uint8Array | null;

export function diffScreenshots(
  before: Buffer,
  after: Buffer,
  options?: { ignore?: Uint8Array },
): ScreenshotDiff;
