import { describe, expect, it } from 'vitest';
import { binCounts, binEdges, quantile } from '../../../src/core/metrics/histogram';

describe('histogram bins', () => {
  it('gives whole numbers one bin each while they fit, and wider whole bins when they do not', () => {
    expect(binEdges(2, 6, true)).toEqual([2, 3, 4, 5, 6, 7]);
    const wide = binEdges(0, 999, true, 20);
    expect(wide).toHaveLength(21);
    expect(wide[1]! - wide[0]!).toBe(50);
    expect(wide.at(-1)).toBeGreaterThan(999);
    expect(binCounts([0, 49, 50, 999], wide).filter((c) => c > 0)).toEqual([2, 1, 1]);
  });

  it('cuts a real range into equal bins, the last one holding its upper edge', () => {
    const edges = binEdges(0, 1, false, 4);
    expect(edges).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(binCounts([0, 0.1, 0.25, 0.5, 0.99, 1, 1], edges)).toEqual([2, 1, 1, 3]);
  });

  it('puts a range of one value in one bin', () => {
    const edges = binEdges(1, 1, false);
    expect(binCounts([1, 1, 1], edges)).toEqual([3]);
  });

  it('leaves out values outside the edges and refuses a bad range', () => {
    expect(binCounts([-1, 2, Number.NaN], [0, 1])).toEqual([0]);
    expect(() => binEdges(2, 1, false)).toThrow(/bad range \[2, 1\]/);
    expect(() => binEdges(0, Infinity, true)).toThrow(/bad range/);
  });

  it('interpolates quantiles as numpy does', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([5], 0.5)).toBe(5);
    expect(quantile([], 0.5)).toBeNull();
    expect(quantile([0, 10], 0.25)).toBe(2.5);
  });
});
