import type { SampleColumns } from './sampleColumns';
import { stepKey } from './sampleIndex';
import type { SampleEntry, StepEntry } from './sampleIndex';

// The shape of a run for the explorer: steps → groups → samples, with the numbers each level shows.
// Built incrementally from the store's columns as samples stream in, so a live run never re-walks what
// it already saw; a group holds its samples' positions (seqs) in the store, never entry objects.

export interface GroupNode {
  step: number;
  evaluation: boolean;
  group: number;
  task: string | null;
  domain: string | null;
  /** The group's samples as positions in the store's columns, in arrival order. */
  seqs: number[];
}

export interface StepNode {
  step: number;
  evaluation: boolean;
  groups: Map<number, GroupNode>;
  samples: number;
  rewardSum: number;
  rewardSquares: number;
  rewarded: number;
  /** Samples with at least one error-severity tool-call diagnostic. */
  withErrors: number;
  /** Samples whose diagnostics the store has not counted yet (withErrors leaves them out). */
  pending: number;
}

export interface Spread {
  mean: number;
  std: number;
}

export class RolloutTree {
  private readonly steps = new Map<string, StepNode>();
  private seen = 0;
  /** Seqs of samples added while their diagnostics were pending; the store fills them in, in order. */
  private pending: number[] = [];
  private pendingFrom = 0;
  /** The step the last sample joined: a run writes a step's samples together. */
  private last: StepNode | undefined;

  /**
   * Takes the samples appended since the last call (the store's columns only grow within a generation)
   * and the diagnostics filled in since.
   */
  update(samples: SampleColumns): void {
    if (samples.length < this.seen) this.reset();
    this.countDiagnosed(samples);
    for (let seq = this.seen; seq < samples.length; seq++) this.add(samples, seq);
    this.seen = samples.length;
  }

  reset(): void {
    this.steps.clear();
    this.seen = 0;
    this.pending = [];
    this.pendingFrom = 0;
    this.last = undefined;
  }

  private countDiagnosed(samples: SampleColumns): void {
    let k = this.pendingFrom;
    for (; k < this.pending.length; k++) {
      const seq = this.pending[k]!;
      const errors = samples.errors(seq);
      if (errors === null) break;
      const step = this.steps.get(stepKey(samples.step(seq), samples.evaluation(seq)))!;
      step.pending -= 1;
      if (errors > 0) step.withErrors += 1;
    }
    this.pendingFrom = k;
    // Dropped in one go once most of it is done, not shifted sample by sample.
    if (k > 1024 && k * 2 > this.pending.length) {
      this.pending = this.pending.slice(k);
      this.pendingFrom = 0;
    }
  }

  private add(samples: SampleColumns, seq: number): void {
    const stepNumber = samples.step(seq);
    const evaluation = samples.evaluation(seq);
    let step = this.last;
    if (step?.step !== stepNumber || step.evaluation !== evaluation) {
      const k = stepKey(stepNumber, evaluation);
      step = this.steps.get(k);
      if (!step) {
        step = {
          step: stepNumber,
          evaluation,
          groups: new Map(),
          samples: 0,
          rewardSum: 0,
          rewardSquares: 0,
          rewarded: 0,
          withErrors: 0,
          pending: 0,
        };
        this.steps.set(k, step);
      }
      this.last = step;
    }
    const groupNumber = samples.group(seq);
    let group = step.groups.get(groupNumber);
    if (!group) {
      group = {
        step: stepNumber,
        evaluation,
        group: groupNumber,
        task: samples.task(seq),
        domain: samples.domain(seq),
        seqs: [],
      };
      step.groups.set(groupNumber, group);
    }
    group.seqs.push(seq);
    step.samples += 1;
    const errors = samples.errors(seq);
    if (errors === null) {
      step.pending += 1;
      this.pending.push(seq);
    } else if (errors > 0) step.withErrors += 1;
    const reward = samples.reward(seq);
    if (reward !== null) {
      step.rewarded += 1;
      step.rewardSum += reward;
      step.rewardSquares += reward * reward;
    }
  }

  group(step: number, evaluation: boolean, group: number): GroupNode | undefined {
    return this.steps.get(stepKey(step, evaluation))?.groups.get(group);
  }

  /** Newest step first, as a user watching a run wants it. */
  stepNodes(): StepNode[] {
    return [...this.steps.values()].sort(
      (a, b) => b.step - a.step || Number(a.evaluation) - Number(b.evaluation),
    );
  }

  /** The newest training step; for a run with only evaluations (tau2 results), the newest eval. */
  latest(): StepNode | undefined {
    const steps = this.stepNodes();
    return steps.find((s) => !s.evaluation) ?? steps[0];
  }
}

export function stepReward(step: StepNode): Spread | undefined {
  if (step.rewarded === 0) return undefined;
  const mean = step.rewardSum / step.rewarded;
  return { mean, std: Math.sqrt(Math.max(0, step.rewardSquares / step.rewarded - mean * mean)) };
}

export function groupRewards(samples: SampleColumns, group: GroupNode): number[] {
  const out: number[] = [];
  for (const seq of group.seqs) {
    const r = samples.reward(seq);
    if (r !== null) out.push(r);
  }
  return out;
}

/**
 * The sample to compare `sample` with: the best-rewarded other member of its group (the lowest index
 * among equals). Undefined when no other member has a reward yet.
 */
export function bestOtherInGroup(
  samples: SampleColumns,
  group: GroupNode,
  sample: Pick<SampleEntry, 'index'>,
): SampleEntry | undefined {
  let best = -1;
  for (const seq of group.seqs) {
    const r = samples.reward(seq);
    if (samples.index(seq) === sample.index || r === null) continue;
    const b = best < 0 ? null : samples.reward(best)!;
    if (b === null || r > b || (r === b && samples.index(seq) < samples.index(best))) best = seq;
  }
  return best < 0 ? undefined : samples.at(best);
}

/** All rewards equal: GRPO's advantages are all zero and the group teaches nothing. */
export function isZeroStd(samples: SampleColumns, group: GroupNode): boolean {
  const r = groupRewards(samples, group);
  return r.length > 1 && r.every((x) => Math.abs(x - r[0]!) < 1e-9);
}

export function stepMetrics(
  steps: Map<string, StepEntry>,
  node: StepNode,
): Record<string, number> | undefined {
  return steps.get(stepKey(node.step, node.evaluation))?.metrics;
}
