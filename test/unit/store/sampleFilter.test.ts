import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoSample } from '../../../src/core/demo/demoSamples';
import { RunStore } from '../../../src/core/store/runStore';
import {
  describeFilter,
  explorerExpression,
  explorerMatcher,
  isEmptyFilter,
  parseRewardRange,
  sortSamples,
} from '../../../src/core/store/explorerChoices';
import type { ExplorerFilter } from '../../../src/core/store/explorerChoices';
import { sampleEntry } from '../sampleEntry';

const e = (over: Parameters<typeof sampleEntry>[0]) => sampleEntry({ task: '12', domain: 'retail', ...over });

const matchesFilter = (entry: ReturnType<typeof e>, f: ExplorerFilter, text?: ReadonlySet<number>) =>
  explorerMatcher(f, text)(entry);

describe("the explorer's filter picks", () => {
  it('narrow by status, reward range, errors and task from the index alone', () => {
    expect(isEmptyFilter({})).toBe(true);
    expect(matchesFilter(e({ status: 'truncated' }), { statuses: ['completed'] })).toBe(false);
    expect(matchesFilter(e({ reward: 0.4 }), { minReward: 0.5 })).toBe(false);
    expect(matchesFilter(e({ reward: null }), { maxReward: 1 })).toBe(false);
    expect(matchesFilter(e({ errors: 0 }), { withErrors: true })).toBe(false);
    expect(matchesFilter(e({ errors: 2 }), { withErrors: true, task: 'RETAIL' })).toBe(true);
    expect(matchesFilter(e({ offset: 7 }), { text: 'x' }, new Set([8]))).toBe(false);
    expect(matchesFilter(e({ status: 'aborted' }), { statuses: ['completed', 'aborted'] })).toBe(true);
    expect(matchesFilter(e({ task: 'say "hi" \\ 7' }), { task: 'Y "HI" \\' })).toBe(true);
    expect(describeFilter({ statuses: ['aborted'], minReward: 0, withErrors: true, task: 'air' })).toBe(
      'aborted, reward 0…∞, tool-call errors, task “air”',
    );
  });

  it('are written in the filter language', () => {
    expect(
      explorerExpression({
        statuses: ['aborted', 'failed'],
        minReward: -0.5,
        maxReward: 1,
        withErrors: true,
        task: 'a"b',
      }),
    ).toBe(
      '(status == aborted or status == failed) and reward >= -0.5 and reward <= 1 and errors > 0 and (task ~ "a\\"b" or domain ~ "a\\"b")',
    );
    expect(explorerExpression({ text: 'only text' })).toBe('');
  });

  it('read reward ranges the way people type them', () => {
    expect(parseRewardRange('0..0.5')).toEqual({ min: 0, max: 0.5 });
    expect(parseRewardRange('..0')).toEqual({ min: undefined, max: 0 });
    expect(parseRewardRange('1..')).toEqual({ min: 1, max: undefined });
    expect(parseRewardRange('1')).toEqual({ min: 1, max: 1 });
    expect(parseRewardRange('2..1')).toBeUndefined();
    expect(parseRewardRange('high')).toBeUndefined();
  });

  it('sort samples by reward or errors, index breaking ties', () => {
    const s = [
      e({ index: 0, reward: 0, errors: 1 }),
      e({ index: 1, reward: 1 }),
      e({ index: 2, reward: null, errors: 3 }),
    ];
    expect(sortSamples(s, 'reward-desc').map((x) => x.index)).toEqual([1, 0, 2]);
    expect(sortSamples(s, 'errors-desc').map((x) => x.index)).toEqual([2, 0, 1]);
    expect(sortSamples(s, 'index').map((x) => x.index)).toEqual([0, 1, 2]);
  });

  it('find records by their text in the mirror, chunk boundaries included', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rs-search-'));
    try {
      const store = await RunStore.open(dir, 'test', {
        annotate: () => ({ errors: 0, warnings: 0, dropped: 0 }),
      });
      const lines = Array.from({ length: 2000 }, (_, i) =>
        JSON.stringify(demoSample(i % 10, Math.floor(i / 4) % 6, i % 4)),
      );
      store.ingest(Buffer.from(`${lines.join('\n')}\n`));
      await store.flush();
      const hits = await store.searchText('YUSUF ROSSI');
      const expected = store.samples
        .slice()
        .filter((_, i) => lines[i]!.toLowerCase().includes('yusuf rossi'))
        .map((s) => s.offset);
      expect(expected.length).toBeGreaterThan(0);
      expect([...hits].sort((a, b) => a - b)).toEqual(expected);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
