import { SampleColumns } from '../../src/core/store/sampleColumns';
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

/** The entries as a store holds them: columns, in the order given. */
export function columnsOf(entries: readonly SampleEntry[]): SampleColumns {
  const columns = new SampleColumns();
  for (const e of entries) columns.push(e);
  return columns;
}
