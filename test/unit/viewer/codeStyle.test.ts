import { expect, test } from 'vitest';
import { codeStyle } from '../../../webview/viewer/codeStyle';

test('the twelve diagnostic codes get twelve different looks, fixed by code number', () => {
  const palette = ['red', 'orange', 'yellow', 'purple', 'blue', 'green'];
  const codes = Array.from({ length: 12 }, (_, i) => `TC${String(i + 1).padStart(3, '0')}`);
  const looks = codes.map((c) => JSON.stringify(codeStyle(c, palette)));
  expect(new Set(looks).size).toBe(12);
  // Whatever codes a run has, a code looks the same: TC010 is not coloured by its place in the list.
  expect(codeStyle('TC010', palette)).toEqual({ color: 'purple', dash: [6, 3] });
  expect(codeStyle('TC002', palette)).toEqual({ color: 'orange' });
});
