import { describe, expect, it } from 'vitest';
import type { BehaviourFlag } from '../../../src/core/metrics/behaviourScan';
import { behaviourOverview } from '../../../src/core/viewer/behaviourOverview';
import type { SampleExtras } from '../../../src/core/viewer/sampleExtras';
import { columnsOf, sampleEntry } from '../sampleEntry';

const entry = (step: number, reward: number, shaped: number, evaluation = false) =>
  sampleEntry({ step, evaluation, reward, shapedReward: shaped });
const extras = (...flags: BehaviourFlag[]): SampleExtras => ({
  turns: 4,
  calls: 2,
  length: 100,
  lengthUnit: 'tokens',
  codes: [],
  removed: false,
  flags,
});

describe("the behaviour panel's numbers", () => {
  it('counts flagged samples per training step, eval only in the total, and names shaped-reward drift', () => {
    const samples = [
      // Step 0: one of two succeeds, shaped mean 0.6.
      entry(0, 1, 1.1),
      entry(0, 0, 0.1),
      // Step 1: shaped mean up to 0.75, success down to 0: the shaped reward outran the task.
      entry(1, 0, 0.7),
      entry(1, 0, 0.8),
      entry(1, 0, 0.2, true),
      // Step 2: not scanned yet.
      entry(2, 1, 1.2),
    ];
    const o = behaviourOverview(columnsOf(samples), [
      extras('loop'),
      extras(),
      extras('error-burst', 'loop'),
      extras('loop'),
      extras('loop'),
    ]);
    expect(o.steps).toEqual([0, 1, 2]);
    expect(o.unscanned).toBe(1);
    const loop = o.flags.find((f) => f.flag === 'loop')!;
    expect(loop).toEqual({ flag: 'loop', samples: 4, byStep: { 0: 1, 1: 2 } });
    expect(o.flags.find((f) => f.flag === 'error-burst')!.byStep).toEqual({ 1: 1 });
    expect(o.flags.find((f) => f.flag === 'empty-response')!.samples).toBe(0);
    expect(o.shapedDrift).toEqual([{ step: 1, shapedDelta: expect.closeTo(0.15, 9), successDelta: -0.5 }]);
  });
});
