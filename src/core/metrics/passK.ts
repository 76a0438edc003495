// Per-task estimators over n trials with c successes (reference/tau2.md §4):
// pass^k = C(c,k)/C(n,k), the chance that k trials drawn without replacement all succeed (tau2's
// pass_hat_k); pass@k = 1 − C(n−c,k)/C(n,k), the unbiased chance that at least one of k succeeds.
// Both are computed as running products of ratios, which stay exact enough without big binomials.

/** tau2's is_successful: the reward is 1 within 1e-6. Shaped rewards above 1 are not successes. */
export function isSuccess(reward: number | null | undefined): boolean {
  return typeof reward === 'number' && Math.abs(reward - 1) <= 1e-6;
}

function ratio(top: number, n: number, k: number): number {
  if (k > n) throw new RangeError(`k = ${k} is larger than the number of trials n = ${n}`);
  let r = 1;
  for (let i = 0; i < k; i++) r *= (top - i) / (n - i);
  return Math.max(r, 0);
}

export function passHatK(n: number, c: number, k: number): number {
  return ratio(c, n, k);
}

export function passAtK(n: number, c: number, k: number): number {
  return 1 - ratio(n - c, n, k);
}
