import { stepKey } from './sampleIndex';
import type { SampleEntry, StepEntry } from './sampleIndex';

// The shape of a run for the explorer: steps → groups → samples, with the numbers each level shows.
// Built incrementally as samples stream in, so a live run never re-walks what it already saw.

export interface GroupNode {
  step: number;
  evaluation: boolean;
  group: number;
  task: string | null;
  domain: string | null;
  samples: SampleEntry[];
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
  /** Samples added while their diagnostics were pending; the store fills them in place, in order. */
  private pending: SampleEntry[] = [];

  /**
   * Takes the samples appended since the last call (the store's array only grows within a generation)
   * and the diagnostics filled in since.
   */
  update(samples: readonly SampleEntry[]): void {
    if (samples.length < this.seen) this.reset();
    this.countDiagnosed();
    for (let i = this.seen; i < samples.length; i++) this.add(samples[i]!);
    this.seen = samples.length;
  }

  reset(): void {
    this.steps.clear();
    this.seen = 0;
    this.pending = [];
  }

  private countDiagnosed(): void {
    let done = 0;
    for (const s of this.pending) {
      if (s.errors === null) break;
      const step = this.steps.get(stepKey(s.step, s.evaluation))!;
      step.pending -= 1;
      count(step, s);
      done += 1;
    }
    if (done > 0) this.pending = this.pending.slice(done);
  }

  private add(s: SampleEntry): void {
    const k = stepKey(s.step, s.evaluation);
    let step = this.steps.get(k);
    if (!step) {
      step = {
        step: s.step,
        evaluation: s.evaluation,
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
    let group = step.groups.get(s.group);
    if (!group) {
      group = {
        step: s.step,
        evaluation: s.evaluation,
        group: s.group,
        task: s.task,
        domain: s.domain,
        samples: [],
      };
      step.groups.set(s.group, group);
    }
    group.samples.push(s);
    step.samples += 1;
    if (s.errors === null) {
      step.pending += 1;
      this.pending.push(s);
    } else count(step, s);
    if (s.reward !== null) {
      step.rewarded += 1;
      step.rewardSum += s.reward;
      step.rewardSquares += s.reward * s.reward;
    }
  }

  group(step: number, evaluation: boolean, group: number): GroupNode | undefined {
    return this.steps.get(stepKey(step, evaluation))?.groups.get(group);
  }

  /** Newest step first, as a user watching a run wants it. */
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

export function groupRewards(group: GroupNode): number[] {
  return group.samples.map((s) => s.reward).filter((r): r is number => r !== null);
}

/**
 * The sample to compare `sample` with: the best-rewarded other member of its group (the lowest index
 * among equals). Undefined when no other member has a reward yet.
 */
export function bestOtherInGroup(group: GroupNode, sample: SampleEntry): SampleEntry | undefined {
  let best: SampleEntry | undefined;
  for (const s of group.samples) {
    if (s === sample || s.index === sample.index || s.reward === null) continue;
    if (!best || s.reward > best.reward! || (s.reward === best.reward && s.index < best.index)) best = s;
  }
  return best;
}

/** All rewards equal: GRPO's advantages are all zero and the group teaches nothing. */
export function isZeroStd(group: GroupNode): boolean {
  const r = groupRewards(group);
  return r.length > 1 && r.every((x) => Math.abs(x - r[0]!) < 1e-9);
}

export function stepMetrics(
  steps: Map<string, StepEntry>,
  node: StepNode,
): Record<string, number> | undefined {
  return steps.get(stepKey(node.step, node.evaluation))?.metrics;
}

function count(step: StepNode, s: SampleEntry): void {
  if (s.errors !== null && s.errors > 0) step.withErrors += 1;
  if (s.dropped !== undefined && s.dropped > 0) step.withDropped += 1;
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
