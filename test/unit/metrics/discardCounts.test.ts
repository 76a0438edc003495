import { describe, expect, it } from 'vitest';
import { demoSample, demoStepRecord } from '../../../src/core/demo/demoSamples';
import { importTapRecords } from '../../../src/core/importers/tapImporter';
import { discardCounts } from '../../../src/core/metrics/discardCounts';
import { toTapRecords } from '../../../src/core/trajectory/toTapRecords';

describe('discarded sample counts', () => {
  // Step 0: group 0 has spread and is trained; group 1 is zero-std; group 2's second sample is left out of
  // the step record's trained list. Step 1 has no trained list (an older tap): nothing is known.
  const samples = [0, 1, 2].flatMap((g) => [0, 1].map((i) => demoSample(0, g, i)));
  const rewards = [1, 0, 1, 1, 1, 0];
  samples.forEach((s, i) => {
    s.reward = rewards[i]!;
    s.shapedReward = null;
    s.status = 'completed';
  });
  const later = [demoSample(1, 0, 0), demoSample(1, 0, 1)];
  later.forEach((s, i) => {
    s.reward = i;
    s.shapedReward = null;
    s.status = 'completed';
  });
  const trained = samples.filter((s) => !(s.group === 2 && s.index === 1));
  const text = [
    ...samples,
    {
      ...demoStepRecord(0, trained),
      rewards: trained.map((s) => ({ group: s.group, index: s.index, raw: s.reward })),
    },
    ...later,
    demoStepRecord(1, later),
  ]
    .map((r) => JSON.stringify(r))
    .join('\n');

  it('counts each reason per step, never trained from the trained list', () => {
    const r = importTapRecords(text, 'rollouts.jsonl');
    const d = discardCounts(r.samples, r.steps);
    expect(d.counts).toEqual({ 'zero-std': 2, aborted: 0, removed: 0, 'never-trained': 1 });
    expect(d.byStep).toEqual([
      { step: 0, counts: { 'zero-std': 2, aborted: 0, removed: 0, 'never-trained': 1 } },
    ]);
  });

  it('keeps the trained list through conversion to tap records', () => {
    const r = importTapRecords(text, 'rollouts.jsonl');
    const again = importTapRecords(
      toTapRecords(r.samples, r.steps)
        .map((x) => JSON.stringify(x))
        .join('\n'),
      'converted.jsonl',
    );
    expect(discardCounts(again.samples, again.steps).counts['never-trained']).toBe(1);
  });
});
