import { describe, expect, it } from 'vitest';
import { discardReason } from '../../../src/core/metrics/discardReason';

const base = { evaluation: false, status: 'completed', removed: false, zeroStdGroup: false };

describe('discard reasons', () => {
  it('names the most explicit reason first and keeps everything else', () => {
    expect(discardReason(base)).toBeNull();
    expect(discardReason({ ...base, zeroStdGroup: true })).toBe('zero-std');
    expect(discardReason({ ...base, status: 'aborted', zeroStdGroup: true })).toBe('aborted');
    expect(discardReason({ ...base, status: 'aborted', removed: true, zeroStdGroup: true })).toBe('removed');
    // Not scanned yet: nothing known about remove_sample.
    expect(discardReason({ ...base, removed: undefined })).toBeNull();
  });

  it("trusts the step record's trained list over an aborted status", () => {
    // The demo's aborted episodes, like the tau-bench example's, are trained with reward 0: the step record
    // lists them and the train dump has their tokens, so "never reached the trainer" would be wrong.
    expect(discardReason({ ...base, status: 'aborted', trained: true })).toBeNull();
    expect(discardReason({ ...base, status: 'aborted', trained: true, zeroStdGroup: true })).toBe('zero-std');
    expect(discardReason({ ...base, status: 'aborted', trained: false })).toBe('aborted');
    // Without a step record nothing contradicts the status.
    expect(discardReason({ ...base, status: 'aborted' })).toBe('aborted');
  });

  it('never calls eval rollouts discarded: they are not trained on', () => {
    expect(discardReason({ ...base, evaluation: true, status: 'aborted', removed: true })).toBeNull();
  });
});
