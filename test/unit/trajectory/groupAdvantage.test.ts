import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { groupAdvantage } from '../../../src/core/trajectory/groupAdvantage';

describe('GRPO group advantage', () => {
  it('matches torch: (r - mean) / (unbiased std + 1e-6)', () => {
    // rewards [1, 0, 0, 0]: mean 0.25, unbiased std sqrt(0.75/3) = 0.5.
    const g = groupAdvantage([1, 0, 0, 0]);
    expect(g.mean).toBe(0.25);
    expect(g.std).toBeCloseTo(0.5, 12);
    expect(g.advantages[0]).toBeCloseTo(0.75 / (0.5 + 1e-6), 12);
    expect(g.advantages[1]).toBeCloseTo(-0.25 / (0.5 + 1e-6), 12);
    expect(g.zeroStd).toBe(false);
  });

  it('only centres when std normalisation is disabled', () => {
    expect(groupAdvantage([1, 0], { stdNormalization: false }).advantages).toEqual([0.5, -0.5]);
  });

  it('flags zero-std groups, whose advantages are all zero', () => {
    const g = groupAdvantage([1, 1, 1, 1]);
    expect(g.zeroStd).toBe(true);
    expect(g.advantages).toEqual([0, 0, 0, 0]);
    expect(Number.isNaN(groupAdvantage([1]).advantages[0])).toBe(true);
  });

  it('reproduces the tau2 recipe: population std, removed samples masked out', () => {
    const g = groupAdvantage([1.2, 0.1, 0.5, 0.9], {
      variant: 'tau2-recipe',
      removed: [false, false, true, false],
    });
    const mean = (1.2 + 0.1 + 0.9) / 3;
    const std = Math.sqrt(((1.2 - mean) ** 2 + (0.1 - mean) ** 2 + (0.9 - mean) ** 2) / 3);
    expect(g.advantages[2]).toBe(0);
    expect(g.advantages[0]).toBeCloseTo((1.2 - mean) / (std + 1e-6), 12);
  });

  it('sums to zero and keeps the order of rewards', () => {
    // Rewards on a 0.1 grid, like task rewards plus partial credit; denormal floats would only test rounding.
    const reward = fc.integer({ min: -20, max: 20 }).map((k) => k / 10);
    fc.assert(
      fc.property(fc.array(reward, { minLength: 2, maxLength: 16 }), (rs) => {
        const { advantages, zeroStd } = groupAdvantage(rs);
        expect(Math.abs(advantages.reduce((a, b) => a + b, 0))).toBeLessThan(1e-9);
        if (!zeroStd) {
          for (let i = 1; i < rs.length; i++) {
            expect(Math.sign(advantages[i]! - advantages[0]!)).toBe(Math.sign(rs[i]! - rs[0]!) || 0);
          }
        }
      }),
    );
  });
});
