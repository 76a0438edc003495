// Pixel comparison of two screenshots (PNG) with pixelmatch, for checking that a change left what users
// see as it was. Some pixels differ between any two runs of the same code (a rate in the status bar, a
// temp folder's name, a hover): `noisyPixels` finds them by comparing two runs of the code before the
// change, and `diffScreenshots` leaves them out.
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';

const THRESHOLD = 0.1;

/**
 * The pixels that differ between two pictures of the same screen, grown by `grow` pixels on each side
 * (anti-aliasing around a changed glyph moves a little from run to run); null when their sizes differ.
 */
export function noisyPixels(first, second, { grow = 3 } = {}) {
  const a = PNG.sync.read(first);
  const b = PNG.sync.read(second);
  if (a.width !== b.width || a.height !== b.height) return null;
  const { width, height } = a;
  const out = new Uint8Array(width * height);
  const marked = new PNG({ width, height });
  pixelmatch(a.data, b.data, marked.data, width, height, { threshold: THRESHOLD, diffMask: true });
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      // With diffMask, pixelmatch leaves equal pixels transparent and paints differing ones opaque.
      if (marked.data[(y * width + x) * 4 + 3] === 0) continue;
      for (let yy = Math.max(0, y - grow); yy <= Math.min(height - 1, y + grow); yy++)
        out.fill(1, yy * width + Math.max(0, x - grow), yy * width + Math.min(width, x + grow + 1));
    }
  return out;
}

/**
 * Compares two PNG pictures' bytes. Pixels set in `ignore` (one byte per pixel, row by row) never count
 * as differing. Pictures of different sizes differ in every pixel of the larger one.
 */
export function diffScreenshots(before, after, { ignore } = {}) {
  const a = PNG.sync.read(before);
  const b = PNG.sync.read(after);
  if (a.width !== b.width || a.height !== b.height) {
    const total = Math.max(a.width * a.height, b.width * b.height);
    return {
      width: b.width,
      height: b.height,
      total,
      differing: total,
      ignored: 0,
      sizeChanged: true,
      diff: null,
    };
  }
  const { width, height } = a;
  let ignored = 0;
  if (ignore)
    for (let p = 0; p < width * height; p++)
      if (ignore[p]) {
        // The same colour on both sides, so pixelmatch sees no difference there.
        b.data.writeUInt32BE(a.data.readUInt32BE(p * 4), p * 4);
        ignored++;
      }
  const diff = new PNG({ width, height });
  const differing = pixelmatch(a.data, b.data, diff.data, width, height, { threshold: THRESHOLD });
  return {
    width,
    height,
    total: width * height,
    differing,
    ignored,
    sizeChanged: false,
    diff: PNG.sync.write(diff),
  };
}
