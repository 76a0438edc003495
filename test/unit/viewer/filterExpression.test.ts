import { describe, expect, it } from 'vitest';
import { parseFilter } from '../../../src/core/store/filterExpression';
import { compileFilter } from '../../../src/core/store/sampleFilter';
import { rowField } from '../../../src/core/viewer/sampleRows';
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
  note: null,
  ...over,
});

/** The filter as the viewer's table runs it. */
const filter = (text: string) => compileFilter(parseFilter(text), rowField);

describe('filter expressions', () => {
  it('finds pinned samples and the text of their notes', () => {
    const pinned = row({ note: 'Flaky tool call' });
    const pinnedSilently = row({ note: '' });
    const other = row();
    expect([pinned, pinnedSilently, other].map(filter('pinned == true'))).toEqual([true, true, false]);
    expect([pinned, pinnedSilently, other].map(filter('not pinned == true'))).toEqual([false, false, true]);
    expect([pinned, pinnedSilently, other].map(filter('note ~ flaky'))).toEqual([true, false, false]);
    expect([pinned, pinnedSilently, other].map(filter('note == null'))).toEqual([false, false, true]);
  });

  it('finds samples by behaviour flag', () => {
    const looping = row({ flags: ['error-burst', 'loop'] });
    const clean = row();
    const unscanned = row({ flags: null });
    expect(filter('flag == loop')(looping)).toBe(true);
    expect(filter('flag == loop')(clean)).toBe(false);
    expect(filter('flag == loop')(unscanned)).toBe(false);
    expect(filter('flag != loop')(clean)).toBe(true);
    expect(filter('flag ~ burst')(looping)).toBe(true);
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
      expect(filter(expr)(dropped), expr).toBe(onDropped);
      expect(filter(expr)(kept), expr).toBe(onKept);
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
      const p = filter(expr);
      expect([expr, p(good), p(bad)]).toEqual([expr, onGood, onBad]);
    }
  });

  it('treats unknown values as not matching a numeric comparison', () => {
    const unscanned = row({ turns: null, reward: null });
    expect(filter('turns > 2')(unscanned)).toBe(false);
    expect(filter('reward == null')(unscanned)).toBe(true);
  });

  it('says where and why a filter cannot be read', () => {
    expect(() => parseFilter('rewrd < 1')).toThrow(
      /^column 1: unknown field "rewrd"; use one of: step, group/,
    );
    expect(() => parseFilter('reward <')).toThrow(/expected a value after reward </);
    expect(() => parseFilter('(reward < 1')).toThrow(/missing "\)"/);
    expect(() => parseFilter('reward < high')).toThrow(/reward is a number/);
    expect(() => parseFilter('code > TC001')).toThrow(/code takes ==, != or ~/);
  });

  it('says what to do about each mistake', () => {
    const message = (text: string) => {
      try {
        parseFilter(text);
      } catch (e) {
        return (e as Error).message;
      }
      return 'read';
    };
    expect(message('reward <')).toBe(
      'column 9: expected a value after reward <; write a number, a word, a quoted string or null',
    );
    expect(message('reward 1')).toBe(
      'column 8: expected an operator after reward; use one of == != < <= > >= or ~, e.g. reward > 0',
    );
    expect(message('(reward < 1')).toBe('column 12: missing ")"; close the "(" at column 1');
    expect(message('reward < 1)')).toBe('column 11: unexpected ")"; remove it or add the "(" it closes');
    expect(message('reward < high')).toBe(
      'column 10: reward is a number; "high" is not; write a number, or null for a missing value, e.g. reward > 0',
    );
    expect(message('code > TC001')).toBe('column 6: code takes ==, != or ~; e.g. code == TC002');
    expect(message('task == "12')).toBe('column 9: cannot read "\\"12"; close the quote opened here with "');
    expect(message('reward < 1 and')).toBe(
      'column 15: the filter ends where a comparison should be; add one, e.g. reward < 1 and status == completed',
    );
  });

  it('parses to the structure the explorer and the viewer evaluate', () => {
    expect(parseFilter('reward < 1 and not (status == truncated or code ~ tc0)')).toEqual({
      kind: 'and',
      parts: [
        { kind: 'compare', field: 'reward', op: '<', value: 1 },
        {
          kind: 'not',
          part: {
            kind: 'or',
            parts: [
              { kind: 'compare', field: 'status', op: '==', value: 'truncated' },
              { kind: 'compare', field: 'code', op: '~', value: 'tc0' },
            ],
          },
        },
      ],
    });
    expect(parseFilter('  ')).toEqual({ kind: 'and', parts: [] });
  });

  it('refuses nesting past 100 levels instead of running out of stack', () => {
    expect(filter(`${'not '.repeat(100)}reward < 1`)(row())).toBe(false);
    expect(filter(`${'('.repeat(50)}${'!'.repeat(50)}reward < 1${')'.repeat(50)}`)(row())).toBe(false);
    expect(() => parseFilter(`${'!'.repeat(100_000)}reward < 1`)).toThrow(
      /^column 101: nested more than 100 levels deep; remove some/,
    );
    expect(() => parseFilter(`${'('.repeat(100_000)}reward < 1`)).toThrow(/nested more than 100 levels deep/);
  });

  it('matches everything when empty', () => {
    expect(filter('   ')(row())).toBe(true);
  });
});
