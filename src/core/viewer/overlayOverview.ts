import type { SampleColumns } from '../store/sampleColumns';
import type { StepEntry } from '../store/sampleIndex';
import type { RunOverview } from '../../shared/protocol';
import { stepAggregates } from './stepAggregates';

/**
 * Another run's per-step numbers for drawing beside the open one: from its index alone, so overlaying a
 * run reads no bodies. Lengths, error codes and discard reasons need bodies or group facts and stay empty;
 * the charts overlay only what this gives (rewards, success, truncation, zero-std groups, any error).
 */
export function overlayOverview(store: {
  samples: SampleColumns;
  steps: ReadonlyMap<string, StepEntry>;
}): RunOverview {
  // Nothing here comes from bodies, wherever they are.
  return { ...stepAggregates(store.samples, [], store.steps, () => null), bodiesOnBox: false };
}
