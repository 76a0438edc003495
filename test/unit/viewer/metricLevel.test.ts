import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { level } from '../../../src/shared/metricLevel';

describe('metric levels', () => {
  it('puts the ends of the range on the first and last level and clamps outside it', () => {
    expect(level(0, 0, 1, 11)).toBe(0);
    expect(level(1, 0, 1, 11)).toBe(10);
    expect(level(0.5, 0, 1, 11)).toBe(5);
    expect(level(1.3, 0, 1, 11)).toBe(10);
    expect(level(-2, -1, 1, 11)).toBe(0);
  });

  it('puts every value in the middle when the range is a single point', () => {
    expect(level(0.7, 0.7, 0.7, 11)).toBe(5);
    expect(level(3, 0, 0, 6)).toBe(2);
  });

  it('is monotone and always a valid level', () => {
    fc.assert(
      fc.property(
        fc.double({ noNaN: true, min: -10, max: 10 }),
        fc.double({ noNaN: true, min: -10, max: 10 }),
        fc.double({ noNaN: true, min: -10, max: 10 }),
        fc.double({ noNaN: true, min: 0, max: 20 }),
        (a, b, min, width) => {
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          const la = level(lo, min, min + width, 11);
          const lb = level(hi, min, min + width, 11);
          expect(la).toBeLessThanOrEqual(lb);
          expect(Number.isInteger(la) && la >= 0 && la <= 10).toBe(true);
        },
      ),
    );
  });
});
