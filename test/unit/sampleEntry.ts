import type { SampleEntry } from '../../src/core/store/sampleIndex';

/** An index entry for tests: a completed, rewarded, clean training sample unless told otherwise. */
export const sampleEntry = (over: Partial<SampleEntry> = {}): SampleEntry => ({
  offset: 0,
  length: 1,
  step: 0,
  evaluation: false,
  group: 0,
  index: 0,
  status: 'completed',
  reward: 1,
  shapedReward: null,
  errors: 0,
  warnings: 0,
  task: null,
  domain: null,
  promptHash: null,
  ...over,
});
