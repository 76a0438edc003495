// The token view's colour scales, as buckets: a few CSS classes instead of a style per token keeps a
// response of many thousand tokens cheap to build and to restyle with the theme.

/** Buckets on each side of zero on the diverging advantage scale. */
export const ADVANTAGE_LEVELS = 4;

/**
 * A token's class on the diverging scale of advantage × loss mask: `masked` when the loss mask drops it,
 * `adv-0` for no push either way, `adv-p1..p4` reinforced (positive), `adv-n1..n4` suppressed (negative),
 * relative to maxAbs (the largest |value| of the step). `adv-none` when the dump has no advantages.
 */
export function advantageClass(advantage: number | null | undefined, mask: number, maxAbs: number): string {
  if (mask === 0) return 'masked';
  if (advantage === null || advantage === undefined) return 'adv-none';
  if (advantage === 0 || maxAbs <= 0) return 'adv-0';
  const level = Math.min(
    ADVANTAGE_LEVELS,
    Math.max(1, Math.ceil((Math.abs(advantage) / maxAbs) * ADVANTAGE_LEVELS)),
  );
  return `adv-${advantage > 0 ? 'p' : 'n'}${level}`;
}

/** Log-prob buckets: 0 for a near-certain token, up to LOGPROB_LEVELS for one the policy found unlikely. */
export const LOGPROB_LEVELS = 4;
/** Below this log-prob (p ≈ 0.05) a token is in the darkest bucket. */
const LOGPROB_FLOOR = -3;

export function logProbClass(logProb: number | null | undefined, mask: number): string {
  if (mask === 0) return 'masked';
  if (logProb === null || logProb === undefined) return 'lp-none';
  const surprise = Math.max(0, -logProb);
  return `lp-${Math.min(LOGPROB_LEVELS, Math.ceil((surprise / -LOGPROB_FLOOR) * LOGPROB_LEVELS))}`;
}
