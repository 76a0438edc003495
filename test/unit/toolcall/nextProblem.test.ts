import { expect, test } from 'vitest';
import { nextProblem } from '../../../src/vscode/toolcall/nextProblem';

test('goes to the next problem after the cursor and wraps to the first', () => {
  const starts = [3_400, 120, 9_000];
  expect(nextProblem(starts, 0)).toBe(120);
  expect(nextProblem(starts, 120)).toBe(3_400);
  expect(nextProblem(starts, 5_000)).toBe(9_000);
  expect(nextProblem(starts, 9_000)).toBe(120);
  expect(nextProblem([], 10)).toBeUndefined();
});
