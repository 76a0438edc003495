import { describe, expect, it } from 'vitest';
import { sameTaskRuns } from '../../../src/core/viewer/sameTask';
import { columnsOf, sampleEntry } from '../sampleEntry';

const e = sampleEntry;

describe('the same task in other runs', () => {
  it('matches by task id and domain, with each run’s count and mean reward', () => {
    const picked = e({ task: '7', domain: 'airline' });
    const other = [
      e({ task: '7', domain: 'airline', step: 3, reward: 1 }),
      e({ task: '7', domain: 'retail', reward: 1 }),
      e({ task: '7', domain: 'airline', step: 5, index: 2, reward: 0 }),
    ];
    const r = sameTaskRuns(picked, [
      { runKey: '/runs/b', name: 'GRPO b', samples: columnsOf(other) },
      { runKey: '/runs/c', name: 'SFT', samples: columnsOf([e({ task: '8', domain: 'airline' })]) },
    ]);
    expect(r.by).toEqual({ kind: 'task', task: '7', domain: 'airline' });
    expect(r.runs).toEqual([
      {
        runKey: '/runs/b',
        name: 'GRPO b',
        samples: 2,
        rewardMean: 0.5,
        shown: [
          { key: { step: 3, evaluation: false, group: 0, index: 0 }, reward: 1 },
          { key: { step: 5, evaluation: false, group: 0, index: 2 }, reward: 0 },
        ],
      },
    ]);
  });

  it('falls back to the prompt hash when records name no task, and to nothing without either', () => {
    const r = sameTaskRuns(e({ promptHash: 'abc' }), [
      {
        runKey: 'x',
        name: 'x',
        samples: columnsOf([e({ promptHash: 'abc', reward: null }), e({ promptHash: 'def' })]),
      },
    ]);
    expect(r.by).toEqual({ kind: 'prompt', hash: 'abc' });
    expect(r.runs.map((x) => [x.samples, x.rewardMean])).toEqual([[1, null]]);
    expect(sameTaskRuns(e({}), [{ runKey: 'x', name: 'x', samples: columnsOf([e({})]) }])).toEqual({
      by: null,
      runs: [],
    });
  });
});
