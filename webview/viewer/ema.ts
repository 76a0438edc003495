/**
 * Exponential moving average with TensorBoard's debiasing (the first points are not pulled towards
 * zero). `weight` is the smoothing, 0 (none) to just under 1; gaps stay gaps and do not restart it.
 */
export function ema(values: readonly (number | null)[], weight: number): (number | null)[] {
  if (weight <= 0) return [...values];
  let last = 0;
  let n = 0;
  return values.map((v) => {
    if (v === null) return null;
    last = last * weight + (1 - weight) * v;
    n++;
    return last / (1 - weight ** n);
  });
}
