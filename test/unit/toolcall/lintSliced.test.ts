import { expect, test } from 'vitest';
import { lintJsonlText, lintJsonlTextSliced } from '../../../src/core/toolcall/lintRecords';
import type { Profile } from '../../../src/core/toolcall/types';
import { trailingCommaDataset } from '../../trailingCommaDataset';

const profile: Profile = { parser: 'qwen25', reasoningParser: 'none', policy: 'sglang' };

const text = trailingCommaDataset(8_000);

test('linted a slice at a time, a file gives what linting it at once gives, with progress up to its length', async () => {
  const seen: [number, number][] = [];
  const sliced = await lintJsonlTextSliced(
    text,
    { profile },
    { onProgress: (done, total) => seen.push([done, total]) },
  );
  const whole = lintJsonlText(text, { profile });
  expect(sliced.records).toBe(8_000);
  expect(sliced.problems).toEqual(whole.problems);
  expect(sliced.turns.map((t) => [t.line, t.analysis.diagnostics.map((d) => d.code)])).toEqual(
    whole.turns.map((t) => [t.line, t.analysis.diagnostics.map((d) => d.code)]),
  );
  expect(seen.length).toBeGreaterThan(1);
  expect(seen.every(([, total]) => total === text.length)).toBe(true);
  expect(seen.map(([done]) => done)).toEqual([...seen.map(([done]) => done)].sort((a, b) => a - b));
  expect(seen.at(-1)).toEqual([text.length, text.length]);
});

test('an abort stops the lint at the next slice, part way, with an AbortError and no result', async () => {
  const abort = new AbortController();
  let stoppedAt = 0;
  let after = 0;
  const run = lintJsonlTextSliced(
    text,
    { profile },
    {
      signal: abort.signal,
      onProgress: (done) => {
        if (abort.signal.aborted) after++;
        else if (done < text.length) {
          stoppedAt = done;
          abort.abort();
        }
      },
    },
  );
  await expect(run).rejects.toMatchObject({ name: 'AbortError' });
  expect(stoppedAt).toBeGreaterThan(0);
  expect(stoppedAt).toBeLessThan(text.length);
  // Nothing ran past the slice where the abort came.
  expect(after).toBe(0);
});

test('an abort before the start runs no step at all', async () => {
  const abort = new AbortController();
  abort.abort();
  let progress = 0;
  await expect(
    lintJsonlTextSliced(text, { profile }, { signal: abort.signal, onProgress: () => progress++ }),
  ).rejects.toMatchObject({ name: 'AbortError' });
  expect(progress).toBe(0);
});
