import { describe, expect, it } from 'vitest';
import { parseFilter } from '../../../src/core/store/filterExpression';
import type { SampleRow } from '../../../src/shared/protocol';

const row = (
  over: Partial<SampleRow> & { step?: number; group?: number; index?: number } = {},
): SampleRow => ({
  key: { step: over.step ?? 3, evaluation: false, group: over.group ?? 1, index: over.index ?? 0 },
  task: '12',
  domain: 'retail',
  status: 'completed',
  reward: 1,
  shaped: 1.2,
  advantage: 0.5,
  errors: 0,
  warnings: 0,
  turns: 9,
  calls: 4,
  length: 170,
  lengthUnit: 'tokens',
  codes: [],
  discarded: null,
  flags: [],
  ...over,
});

describe('filter expressions', () => {
  it('finds samples by behaviour flag', () => {
    const looping = row({ flags: ['error-burst', 'loop'] });
    const clean = row();
    const unscanned = row({ flags: null });
    expect(parseFilter('flag == loop')(looping)).toBe(true);
    expect(parseFilter('flag == loop')(clean)).toBe(false);
    expect(parseFilter('flag == loop')(unscanned)).toBe(false);
    expect(parseFilter('flag != loop')(clean)).toBe(true);
    expect(parseFilter('flag ~ burst')(looping)).toBe(true);
    expect(() => parseFilter('flag > 1')).toThrow(/flag takes ==, != or ~/);
  });

  it('finds discarded rollouts by reason, and kept ones by null', () => {
    const dropped = row({ discarded: 'zero-std' });
    const kept = row();
    const cases: [string, boolean, boolean][] = [
      ['discarded == zero-std', true, false],
      ['discarded != null', true, false],
      ['discarded == null', false, true],
      ['discarded ~ std', true, false],
    ];
    for (const [expr, onDropped, onKept] of cases) {
      expect(parseFilter(expr)(dropped), expr).toBe(onDropped);
      expect(parseFilter(expr)(kept), expr).toBe(onKept);
    }
  });

  it('compares numbers, strings and codes, with and/or/not and parentheses', () => {
    const bad = row({ reward: 0, status: 'truncated', errors: 1, codes: ['TC002'] });
    const good = row();
    const cases: [string, boolean, boolean][] = [
      ['reward < 1', false, true],
      ['reward == 1 and status == completed', true, false],
      ['status == truncated or errors > 0', false, true],
      ['code == TC002', false, true],
      ['code != tc002', true, false],
      ['not (reward >= 1)', false, true],
      ['domain == RETAIL task ~ 1', true, true],
      ['step == 3 && group = 1', true, true],
      ["task == '12'", true, true],
      ['diagnostics > 0', false, true],
    ];
    for (const [expr, onGood, onBad] of cases) {
      const p = parseFilter(expr);
      expect([expr, p(good), p(bad)]).toEqual([expr, onGood, onBad]);
    }
  });

  it('treats unknown values as not matching a numeric comparison', () => {
    const unscanned = row({ turns: null, reward: null });
    expect(parseFilter('turns > 2')(unscanned)).toBe(false);
    expect(parseFilter('reward == null')(unscanned)).toBe(true);
  });

  it('says where and why a filter cannot be read', () => {
    expect(() => parseFilter('rewrd < 1')).toThrow(/unknown field "rewrd".*character 1/);
    expect(() => parseFilter('reward <')).toThrow(/expected a value after reward </);
    expect(() => parseFilter('(reward < 1')).toThrow(/missing "\)"/);
    expect(() => parseFilter('reward < high')).toThrow(/reward is a number/);
    expect(() => parseFilter('code > TC001')).toThrow(/code takes ==, != or ~/);
  });

  it('refuses nesting past 100 levels instead of running out of stack', () => {
    expect(parseFilter(`${'not '.repeat(100)}reward < 1`)(row())).toBe(false);
    expect(parseFilter(`${'('.repeat(50)}${'!'.repeat(50)}reward < 1${')'.repeat(50)}`)(row())).toBe(false);
    expect(() => parseFilter(`${'!'.repeat(100_000)}reward < 1`)).toThrow(
      /nested more than 100 levels deep.*character 101/,
    );
    expect(() => parseFilter(`${'('.repeat(100_000)}reward < 1`)).toThrow(/nested more than 100 levels deep/);
  });

  it('matches everything when empty', () => {
    expect(parseFilter('   ')(row())).toBe(true);
  });
});
