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
  /** Of those, samples with a call SGLang's parse loses (a parse failure, not a schema error). */
  withDropped: number;
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
      count(step, samples, seq);
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
          withDropped: 0,
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
    } else count(step, samples, seq);
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

  /**
   * Oldest step first, so a streaming run's new steps join at the end and the rows above keep their
   * place under the pointer.
   */
  stepNodes(): StepNode[] {
    return [...this.steps.values()].sort(
      (a, b) => a.step - b.step || Number(a.evaluation) - Number(b.evaluation),
    );
  }

  /** The newest training step; for a run with only evaluations (tau2 results), the newest eval. */
  latest(): StepNode | undefined {
    const steps = this.stepNodes().reverse();
    return steps.find((s) => !s.evaluation) ?? steps[0];
  }

  /**
   * Whether the step is still being written: a live run's newest training step while the step record
   * the tap writes once slime has rewarded the step has not arrived.
   */
  inProgress(step: StepNode, live: boolean, hasStepRecord: boolean): boolean {
    return live && !hasStepRecord && !step.evaluation && this.latest() === step;
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

function count(step: StepNode, samples: SampleColumns, seq: number): void {
  if ((samples.errors(seq) ?? 0) > 0) step.withErrors += 1;
  if ((samples.dropped(seq) ?? 0) > 0) step.withDropped += 1;
}

const pct = (part: number, whole: number) => (whole === 0 ? '0%' : `${Math.round((100 * part) / whole)}%`);

/**
 * A step's tool-call errors for the explorer: the share of samples with a call SGLang's parse drops
 * apart from those whose calls it returns but that break a schema or the policy. Samples not yet
 * counted are named, not guessed.
 */
export function stepErrors(step: StepNode): string {
  const counted = step.samples - step.pending;
  if (counted === 0) return 'tool-call errors pending';
  const shares = `${pct(step.withDropped, counted)} parse failures, ${pct(step.withErrors - step.withDropped, counted)} schema/policy errors`;
  return step.pending === 0 ? shares : `${shares} (${step.pending} pending)`;
}

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

/** A step's line in the explorer; a step still being written says so, and that its numbers are so far. */
export function describeStep(step: StepNode, inProgress: boolean): string[] {
  const r = stepReward(step);
  const reward = r ? `reward ${r.mean.toFixed(2)} ± ${r.std.toFixed(2)}` : 'no reward yet';
  return inProgress
    ? ['in progress', `${reward} so far`, `${plural(step.samples, 'sample')} so far`, stepErrors(step)]
    : [reward, plural(step.samples, 'sample'), stepErrors(step)];
}
