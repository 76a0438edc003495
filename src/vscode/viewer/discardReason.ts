import type { DiscardReason } from '../../../webview/protocol';

/**
 * The first reason that applies, most explicit first: the recipe removed it, generation was aborted, or
 * its training group has no reward spread. Eval rollouts are never trained, so they are never "discarded".
 */
export function discardReason(s: {
  evaluation: boolean;
  status: string;
  removed: boolean | undefined;
  zeroStdGroup: boolean;
}): DiscardReason | null {
  if (s.evaluation) return null;
  if (s.removed === true) return 'removed';
  if (s.status === 'aborted') return 'aborted';
  if (s.zeroStdGroup) return 'zero-std';
  return null;
}
