import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { diffScreenshots, noisyPixels } from '../../../scripts/lib/screenshotDiff.mjs';

/** A grey picture with the given rectangles painted white, as PNG bytes. */
function picture(
  width: number,
  height: number,
  white: { x: number; y: number; w: number; h: number }[] = [],
) {
  const png = new PNG({ width, height });
  for (let p = 0; p < width * height; p++) png.data.set([60, 60, 60, 255], p * 4);
  for (const r of white)
    for (let y = r.y; y < r.y + r.h; y++)
      for (let x = r.x; x < r.x + r.w; x++) png.data.set([255, 255, 255, 255], (y * width + x) * 4);
  return PNG.sync.write(png);
}

describe('diffScreenshots', () => {
  it('counts no pixel of two equal pictures and every pixel of a changed block', () => {
    const same = diffScreenshots(picture(40, 30), picture(40, 30));
    expect(same).toMatchObject({ total: 1200, differing: 0, ignored: 0, sizeChanged: false });
    const changed = diffScreenshots(picture(40, 30), picture(40, 30, [{ x: 5, y: 5, w: 4, h: 3 }]));
    expect(changed.differing).toBe(12);
    expect(PNG.sync.read(changed.diff!).width).toBe(40);
  });

  it('counts a picture of another size as different everywhere', () => {
    expect(diffScreenshots(picture(40, 30), picture(40, 32))).toMatchObject({
      total: 1280,
      differing: 1280,
      sizeChanged: true,
      diff: null,
    });
  });

  it('leaves out what differs between two runs before the change, and only that', () => {
    const before = picture(60, 40, [{ x: 2, y: 2, w: 10, h: 4 }]);
    // The second run before the change shows another value in the same place (a rate, a clock).
    const again = picture(60, 40, [{ x: 2, y: 2, w: 6, h: 4 }]);
    const noise = noisyPixels(before, again, { grow: 1 })!;
    // The 4×4 block that differed, grown by a pixel on each side: 6×6.
    expect(noise.reduce((n, v) => n + v, 0)).toBe(36);
    const after = picture(60, 40, [
      { x: 2, y: 2, w: 7, h: 4 },
      { x: 40, y: 30, w: 3, h: 2 },
    ]);
    const d = diffScreenshots(before, after, { ignore: noise });
    // The value's change is left out; the new block elsewhere is what the change did.
    expect(d.differing).toBe(6);
    expect(d.ignored).toBe(36);
    expect(noisyPixels(before, picture(60, 41))).toBeNull();
  });
});
