import { binCounts, binEdges, quantile } from '../metrics/histogram';
import { isSuccess } from '../metrics/passK';
import type { SampleColumns } from '../store/sampleColumns';
import type { StepEntry } from '../store/sampleIndex';
import { stepKey } from '../store/sampleIndex';
import type { DiscardReason, Distribution, RunOverview, StepAggregate } from '../../shared/protocol';
import type { SampleExtras } from './sampleExtras';

interface Acc {
  step: number;
  evaluation: boolean;
  samples: number;
  raw: number[];
  shaped: number[];
  truncated: number;
  withErrors: number;
  withDropped: number;
  /** Samples whose tool-call diagnostics the store has counted. */
  diagnosed: number;
  groups: Map<number, number[]>;
  tokens: number[];
  chars: number[];
  turns: number[];
  scanned: number;
  codes: Map<string, number>;
  discarded: Record<DiscardReason, number>;
}

const mean = (xs: number[]) => (xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length);
/** Population std, as slime logs the spread of a step's rewards. */
const std = (xs: number[]) => {
  const m = mean(xs);
  return m === null ? null : Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / xs.length);
};

/**
 * One quantity's histogram per training step, over bins cut from its range across the whole run, so
 * steps compare bin by bin. Null when no step has a value.
 */
function distribution(
  accs: readonly Acc[],
  values: (a: Acc) => readonly number[],
  integer: boolean,
): Distribution | null {
  let min = Infinity;
  let max = -Infinity;
  for (const a of accs)
    for (const v of values(a)) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
  if (min > max) return null;
  const edges = binEdges(min, max, integer);
  return {
    edges,
    integer,
    steps: accs.flatMap((a) => {
      const sorted = [...values(a)].sort((x, y) => x - y);
      if (sorted.length === 0) return [];
      return [
        {
          step: a.step,
          counts: binCounts(sorted, edges),
          n: sorted.length,
          min: sorted[0]!,
          median: quantile(sorted, 0.5)!,
          max: sorted[sorted.length - 1]!,
        },
      ];
    }),
  };
}

/**
 * Per-step numbers for the run overview, from the index and the scanned extras: one pass over the
 * samples, so the webview gets a few hundred points instead of the run's rows.
 */
export function stepAggregates(
  samples: SampleColumns,
  extras: readonly (SampleExtras | undefined)[],
  steps: ReadonlyMap<string, StepEntry>,
  discarded: (seq: number) => DiscardReason | null,
): Omit<RunOverview, 'bodiesOnBox'> {
  const accs = new Map<string, Acc>();
  const allCodes = new Set<string>();
  let unit = null as 'tokens' | 'chars' | null;
  for (let seq = 0; seq < samples.length; seq++) {
    const e = samples.at(seq)!;
    const k = stepKey(e.step, e.evaluation);
    let a = accs.get(k);
    if (!a) {
      a = {
        step: e.step,
        evaluation: e.evaluation,
        samples: 0,
        raw: [],
        shaped: [],
        truncated: 0,
        withErrors: 0,
        withDropped: 0,
        diagnosed: 0,
        groups: new Map(),
        tokens: [],
        chars: [],
        turns: [],
        scanned: 0,
        codes: new Map(),
        discarded: { removed: 0, aborted: 0, 'zero-std': 0, 'never-trained': 0 },
      };
      accs.set(k, a);
    }
    a.samples++;
    if (e.reward !== null) a.raw.push(e.reward);
    if (e.shapedReward !== null) a.shaped.push(e.shapedReward);
    if (e.status === 'truncated') a.truncated++;
    if (e.errors !== null) {
      a.diagnosed++;
      if (e.errors > 0) a.withErrors++;
      if ((e.dropped ?? 0) > 0) a.withDropped++;
    }
    const reason = discarded(seq);
    if (reason !== null) a.discarded[reason]++;
    if (e.reward !== null) {
      let group = a.groups.get(e.group);
      if (!group) a.groups.set(e.group, (group = []));
      group.push(e.reward);
    }
    const x = extras[seq];
    if (x) {
      a.scanned++;
      (x.lengthUnit === 'tokens' ? a.tokens : a.chars).push(x.length);
      a.turns.push(x.turns);
      if (unit !== 'tokens') unit = x.lengthUnit;
      for (const c of x.codes) {
        allCodes.add(c);
        a.codes.set(c, (a.codes.get(c) ?? 0) + 1);
      }
    }
  }
  const sorted = [...accs.values()].sort(
    (a, b) => Number(a.evaluation) - Number(b.evaluation) || a.step - b.step,
  );
  const train = sorted.filter((a) => !a.evaluation);
  const out: StepAggregate[] = sorted.map((a) => {
    const groups = [...a.groups.values()].filter((r) => r.length > 1);
    return {
      step: a.step,
      evaluation: a.evaluation,
      samples: a.samples,
      groups: a.groups.size,
      rewardMean: mean(a.raw),
      rewardStd: std(a.raw),
      shapedMean: mean(a.shaped),
      shapedStd: std(a.shaped),
      success: a.raw.length === 0 ? null : a.raw.filter(isSuccess).length / a.raw.length,
      truncated: a.truncated / a.samples,
      zeroStdGroups:
        groups.length === 0
          ? null
          : groups.filter((r) => r.every((x) => Math.abs(x - r[0]!) < 1e-9)).length / groups.length,
      // Mixed units would make the line meaningless: tokens win when any sample of the run has them.
      responseLength: mean(unit === 'tokens' ? a.tokens : a.chars),
      withErrors: a.diagnosed === 0 ? null : a.withErrors / a.diagnosed,
      dropped: a.diagnosed === 0 ? null : a.withDropped / a.diagnosed,
      codes: Object.fromEntries(
        [...a.codes].map(([c, n]) => [c, a.scanned === 0 ? 0 : n / a.scanned] as const),
      ),
      metrics: steps.get(stepKey(a.step, a.evaluation))?.metrics ?? {},
      discarded: a.discarded,
    };
  });
  return {
    steps: out,
    codes: [...allCodes].sort(),
    lengthUnit: unit,
    unscanned: samples.length - extras.length,
    distributions: {
      reward: distribution(train, (a) => a.raw, false),
      length: distribution(train, (a) => (unit === 'tokens' ? a.tokens : a.chars), true),
      turns: distribution(train, (a) => a.turns, true),
    },
  };
}
