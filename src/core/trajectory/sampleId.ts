/** The id of a sample that has no id of its own: unique within a run because (step, group, index) is. */
export function sampleId(step: number, evaluation: boolean, group: string, index: number): string {
  return `${evaluation ? 'eval' : 'step'}-${step}/${group}/${index}`;
}

/**
 * Numbers samples inside their group in arrival order. Sources without a per-group index (tau2 recipe
 * samples, slime dumps whose Sample.index is global) get the position GRPO would see them at.
 */
export class GroupPositions {
  private readonly next = new Map<string, number>();

  take(step: number, evaluation: boolean, group: string): number {
    const key = sampleId(step, evaluation, group, 0);
    const index = this.next.get(key) ?? 0;
    this.next.set(key, index + 1);
    return index;
  }
}
