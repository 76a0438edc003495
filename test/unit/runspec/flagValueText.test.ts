import { describe, expect, test } from 'vitest';
import { flagValueInput, flagValueText, parseFlagValue } from '../../../src/core/runspec/flagValueText';

describe('flag values typed in the wizard', () => {
  test('numbers stay numbers only when they read back the same', () => {
    expect(parseFlagValue('32', 'value')).toEqual({ value: 32 });
    expect(parseFlagValue(' 0.8 ', 'value')).toEqual({ value: 0.8 });
    expect(parseFlagValue('007', 'value')).toEqual({ value: '007' });
    expect(parseFlagValue('1e-06', 'value')).toEqual({ value: '1e-06' });
    expect(parseFlagValue('/root/data.jsonl', undefined)).toEqual({ value: '/root/data.jsonl' });
    expect(parseFlagValue('', 'value')).toHaveProperty('error');
  });

  test('on/off flags', () => {
    expect(parseFlagValue('', 'bare')).toEqual({ value: true });
    expect(parseFlagValue('off', 'bare')).toEqual({ value: false });
    expect(parseFlagValue('3', 'bare')).toHaveProperty('error');
  });

  test('lists by spaces or as a JSON array, and back to the same text', () => {
    expect(parseFlagValue('a.jsonl b.jsonl 3', 'list')).toEqual({ value: ['a.jsonl', 'b.jsonl', 3] });
    expect(parseFlagValue('["a b", "c"]', 'list')).toEqual({ value: ['a b', 'c'] });
    expect(parseFlagValue('[1, {}]', 'list')).toHaveProperty('error');
    expect(parseFlagValue('[]', 'append')).toHaveProperty('error');
    for (const value of [
      ['a b', 'c'],
      ['x', 'y'],
      ['', 'z'],
    ]) {
      const parsed = parseFlagValue(flagValueInput(value), 'list');
      expect(parsed).toEqual({ value });
    }
    expect(flagValueText(['x', 'y'])).toBe('x y');
  });

  test('bare values read as words', () => {
    expect(flagValueText(true)).toBe('on');
    expect(flagValueText(false)).toBe('off (left out)');
    expect(flagValueInput(true)).toBe('');
  });
});
