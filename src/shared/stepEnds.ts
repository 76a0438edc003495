// Step boundaries on the GPU timeline: the host places them (src/core/infra/stepEnds.ts), the viewer
// draws them and names the step of each reading in the chart's table.

/** The end of a step on this machine's clock (milliseconds since the epoch). */
export interface StepEnd {
  step: number;
  t: number;
}

/**
 * The step a reading at `t` fell in: the first step that ended at or after it, or, past the last end,
 * that step with `past` set; null when no step has ended. `ends` are in order, as the run ran them.
 */
export function stepAt(ends: readonly StepEnd[], t: number): { step: number; past: boolean } | null {
  const within = ends.find((e) => e.t >= t);
  if (within) return { step: within.step, past: false };
  const last = ends.at(-1);
  return last ? { step: last.step, past: true } : null;
}
