/**
 * Bins shared by every step of a run, so one step's histogram can be laid over another's (TensorBoard
 * bins a tensor's values per step the same way). Whole-number values (turns, token counts) get one bin per
 * value while they fit in `maxBins`, so a bar never straddles two counts; otherwise the range is cut into
 * `maxBins` equal bins. Returns the edges, one more than the bins; the last bin includes its upper edge.
 */
export function binEdges(min: number, max: number, integer: boolean, maxBins = 20): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max) || max < min)
    throw new Error(`binEdges: bad range [${min}, ${max}]`);
  if (integer) {
    const lo = Math.floor(min);
    const hi = Math.floor(max);
    const values = hi - lo + 1;
    const width = Math.max(1, Math.ceil(values / maxBins));
    const bins = Math.ceil(values / width);
    return Array.from({ length: bins + 1 }, (_, i) => lo + i * width);
  }
  if (max === min) return [min, min];
  const width = (max - min) / maxBins;
  return Array.from({ length: maxBins + 1 }, (_, i) => (i === maxBins ? max : min + i * width));
}

/** How many of `values` fall in each bin of `edges` (see binEdges); values outside are left out. */
export function binCounts(values: readonly number[], edges: readonly number[]): number[] {
  const bins = edges.length - 1;
  const counts = new Array<number>(Math.max(bins, 0)).fill(0);
  if (bins <= 0) return counts;
  const lo = edges[0]!;
  const hi = edges[bins]!;
  for (const v of values) {
    if (!(v >= lo && v <= hi)) continue;
    // Bisect: the bins are equal in width but float error makes a division land one off at the edges.
    let a = 0;
    let b = bins - 1;
    while (a < b) {
      const mid = (a + b + 1) >> 1;
      if (v >= edges[mid]!) a = mid;
      else b = mid - 1;
    }
    counts[a]!++;
  }
  return counts;
}

/** The q-quantile (0…1) of sorted values by linear interpolation, as numpy's default; null when empty. */
export function quantile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const pos = (sorted.length - 1) * q;
  const i = Math.floor(pos);
  const next = sorted[Math.min(i + 1, sorted.length - 1)]!;
  return sorted[i]! + (next - sorted[i]!) * (pos - i);
}
