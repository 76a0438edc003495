/**
 * The next problem after the cursor, wrapping to the first: where "Reveal Next Tool-Call Problem" goes.
 * Offsets are document offsets of the problems' starts, in any order.
 */
export function nextProblem(starts: readonly number[], cursor: number): number | undefined {
  const sorted = [...starts].sort((a, b) => a - b);
  return sorted.find((s) => s > cursor) ?? sorted[0];
}
