import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ema } from '../../../webview/viewer/ema';

describe('EMA smoothing', () => {
  it('leaves values alone without smoothing and starts at the first value (debiased)', () => {
    expect(ema([1, 2, null, 3], 0)).toEqual([1, 2, null, 3]);
    const smoothed = ema([1, 0, 0], 0.5);
    expect(smoothed[0]).toBeCloseTo(1);
    // (0.5·0.5 + 0) / (1 − 0.25) = 1/3: the debiased average of 1 and 0 weighted towards the older value.
    expect(smoothed[1]).toBeCloseTo(1 / 3);
  });

  it('keeps gaps and a constant line constant, and stays between the extremes', () => {
    fc.assert(
      fc.property(
        fc.array(fc.option(fc.double({ min: -5, max: 5, noNaN: true }), { nil: null }), { maxLength: 40 }),
        fc.double({ min: 0, max: 0.99, noNaN: true }),
        (values, weight) => {
          const out = ema(values, weight);
          const seen = values.filter((v): v is number => v !== null);
          out.forEach((v, i) => {
            expect(v === null).toBe(values[i] === null);
            if (v !== null) {
              expect(v).toBeGreaterThanOrEqual(Math.min(...seen) - 1e-9);
              expect(v).toBeLessThanOrEqual(Math.max(...seen) + 1e-9);
            }
          });
        },
      ),
    );
    expect(ema([2, 2, null, 2], 0.9).every((v) => v === null || Math.abs(v - 2) < 1e-12)).toBe(true);
  });
});
