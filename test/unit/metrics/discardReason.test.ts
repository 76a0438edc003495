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

  it('never calls eval rollouts discarded: they are not trained on', () => {
    expect(discardReason({ ...base, evaluation: true, status: 'aborted', removed: true })).toBeNull();
  });
});
