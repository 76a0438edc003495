import type { SampleColumns } from '../store/sampleColumns';
import type { SampleEntry, StepEntry } from '../store/sampleIndex';
import { stepKey } from '../store/sampleIndex';
import { groupAdvantage } from '../trajectory/groupAdvantage';
import type {
  GroupFacts,
  RowScales,
  SampleKey,
  SampleRow,
  SortColumn,
  ViewerQuery,
} from '../../shared/protocol';
import type { DiscardReason } from '../../shared/protocol';
import { discardReason } from '../metrics/discardReason';
import { rewardScale } from '../../shared/rewardScale';
import type { RewardRange } from '../../shared/rewardScale';
import { parseFilter } from '../store/filterExpression';
import { compileFilter } from '../store/sampleFilter';
import type { FieldValue, FilterField } from '../store/sampleFilter';
import type { SampleExtras } from './sampleExtras';

const groupKey = (e: { step: number; evaluation: boolean; group: number }) =>
  `${e.evaluation ? 'e' : 't'}:${e.step}:${e.group}`;
const sampleKey = (e: { step: number; evaluation: boolean; group: number; index: number }) =>
  `${groupKey(e)}:${e.index}`;

interface GroupState {
  seqs: number[];
  /** Advantages by position in seqs, recomputed when the group grows. */
  advantages: (number | null)[] | undefined;
  facts: GroupFacts | undefined;
}

/**
 * The sample table's rows over a store's index: groups and GRPO advantages kept up to date as samples
 * stream in, and queries (filter, search, sort) answered as lists of positions into the store, cached
 * until the run or the scan moves on. Positions (`seq`) are indexes into the store's sample array.
 */
export class SampleRows {
  private readonly groups = new Map<string, GroupState>();
  private readonly bySample = new Map<string, number>();
  private seen = 0;
  private cache: { key: string; seqs: number[]; filterError: string | null } | undefined;
  private scaleCache: { key: string; scales: RowScales } | undefined;
  /** Pinned samples' notes by sample key, and a count of their changes for the query cache. */
  private notes = new Map<string, string>();
  private notesVersion = 0;
  /** Trained `group/index` keys per step record, rebuilt when the record is replaced. */
  private readonly trainedSets = new WeakMap<StepEntry, Set<string>>();

  constructor(
    private readonly samples: SampleColumns,
    private readonly extras: readonly (SampleExtras | undefined)[],
    private readonly steps: ReadonlyMap<string, StepEntry> = new Map(),
  ) {}

  /** Whether the step record lists the sample as trained; undefined while no step record lists any. */
  trained(e: SampleEntry): boolean | undefined {
    const step = this.steps.get(stepKey(e.step, e.evaluation));
    if (step?.trained === undefined) return undefined;
    let set = this.trainedSets.get(step);
    if (set === undefined) {
      set = new Set(step.trained.map(([g, i]) => `${g}/${i}`));
      this.trainedSets.set(step, set);
    }
    return set.has(`${e.group}/${e.index}`);
  }

  /** The run's pins (saved-views.json): their rows carry the note, which `pinned` and `note` filter on. */
  setPins(pins: readonly { key: SampleKey; note: string }[]): void {
    this.notes = new Map(pins.map((p) => [sampleKey(p.key), p.note]));
    this.notesVersion++;
  }

  /** Takes in samples appended since the last call; starts over when the store was cleared. */
  update(): void {
    if (this.samples.length < this.seen) {
      this.groups.clear();
      this.bySample.clear();
      this.seen = 0;
    }
    for (let seq = this.seen; seq < this.samples.length; seq++) {
      const e = this.samples.at(seq)!;
      const k = groupKey(e);
      let g = this.groups.get(k);
      if (!g) {
        g = { seqs: [], advantages: undefined, facts: undefined };
        this.groups.set(k, g);
      }
      g.seqs.push(seq);
      g.advantages = undefined;
      g.facts = undefined;
      this.bySample.set(sampleKey(e), seq);
    }
    this.seen = this.samples.length;
  }

  get size(): number {
    return this.seen;
  }

  find(key: { step: number; evaluation: boolean; group: number; index: number }): number | undefined {
    return this.bySample.get(sampleKey(key));
  }

  groupOf(seq: number): number[] {
    const e = this.samples.at(seq);
    return e ? (this.groups.get(groupKey(e))?.seqs ?? []) : [];
  }

  /** The group's reward facts; the advantage basis is the shaped reward when every sample has one. */
  groupFacts(seq: number): GroupFacts {
    const e = this.samples.at(seq)!;
    const g = this.groups.get(groupKey(e))!;
    this.computeGroup(g);
    return g.facts!;
  }

  advantage(seq: number): number | null {
    const e = this.samples.at(seq)!;
    const g = this.groups.get(groupKey(e))!;
    this.computeGroup(g);
    return g.advantages![g.seqs.indexOf(seq)] ?? null;
  }

  private computeGroup(g: GroupState): void {
    if (g.advantages && g.facts) return;
    const entries = g.seqs.map((s) => this.samples.at(s)!);
    const basis = entries.every((e) => e.shapedReward !== null) ? 'shaped' : 'raw';
    const value = (e: SampleEntry) => (basis === 'shaped' ? e.shapedReward : e.reward);
    const rewarded = entries.map(value).filter((r): r is number => r !== null);
    const adv = rewarded.length > 1 ? groupAdvantage(rewarded) : undefined;
    let j = 0;
    g.advantages = entries.map((e) => {
      if (value(e) === null || adv === undefined) return null;
      const a = adv.advantages[j++];
      return a === undefined || !Number.isFinite(a) ? null : a;
    });
    g.facts = {
      size: entries.length,
      indexes: entries.map((e) => e.index),
      rewards: entries.map(value),
      basis,
      mean: adv?.mean ?? (rewarded.length === 1 ? rewarded[0]! : null),
      std: adv && Number.isFinite(adv.std) ? adv.std : null,
      zeroStd: adv?.zeroStd ?? false,
    };
  }

  /**
   * Why the sample never reached the trainer (see DiscardReason). `removed` is in the body: known once
   * scanned, or given by a caller that has read the record.
   */
  discarded(seq: number, removed = this.extras[seq]?.removed): DiscardReason | null {
    const e = this.samples.at(seq)!;
    const facts = this.groupFacts(seq);
    return discardReason({
      evaluation: e.evaluation,
      status: e.status,
      removed,
      zeroStdGroup: facts.size > 1 && facts.zeroStd,
      trained: this.trained(e),
    });
  }

  row(seq: number): SampleRow {
    const e = this.samples.at(seq)!;
    const x = this.extras[seq];
    return {
      key: { step: e.step, evaluation: e.evaluation, group: e.group, index: e.index },
      task: e.task,
      domain: e.domain,
      status: e.status,
      reward: e.reward,
      shaped: e.shapedReward,
      advantage: this.advantage(seq),
      errors: e.errors,
      warnings: e.warnings,
      turns: x?.turns ?? null,
      calls: x?.calls ?? null,
      length: x?.length ?? null,
      lengthUnit: x?.lengthUnit ?? null,
      codes: x?.codes ?? null,
      discarded: this.discarded(seq),
      flags: x?.flags ?? null,
      note: this.notes.get(sampleKey(e)) ?? null,
    };
  }

  /**
   * Ranges over every row of the run; `version` names the scan progress the lengths depend on. A declared
   * reward range replaces the observed one for the reward (not for the shaped reward).
   */
  scales(version: string, declared?: RewardRange): RowScales {
    const key = `${this.seen}:${version}:${declared?.join(',') ?? ''}`;
    if (this.scaleCache?.key === key) return this.scaleCache.scales;
    const reward = new Range();
    const shaped = new Range();
    let maxAbs = 0;
    let maxLength = 0;
    for (let seq = 0; seq < this.seen; seq++) {
      const e = this.samples.at(seq)!;
      reward.add(e.reward);
      shaped.add(e.shapedReward);
      maxAbs = Math.max(maxAbs, Math.abs(this.advantage(seq) ?? 0));
      maxLength = Math.max(maxLength, this.extras[seq]?.length ?? 0);
    }
    const scales: RowScales = {
      reward: rewardScale(declared, reward.value()),
      shaped: rewardScale(undefined, shaped.value()),
      advantage: maxAbs > 0 ? { maxAbs } : null,
      length: maxLength > 0 ? { max: maxLength } : null,
    };
    this.scaleCache = { key, scales };
    return scales;
  }

  /**
   * Positions of the rows that match, in the query's order. `matches` restricts to a text search's
   * hits; `version` names everything else the answer depends on (scan and search progress).
   */
  query(
    q: ViewerQuery,
    matches: ReadonlySet<number> | null,
    version: string,
  ): { seqs: number[]; filterError: string | null } {
    const key = JSON.stringify([q.filter, q.sort, matches === null, this.seen, version, this.notesVersion]);
    if (this.cache?.key === key) return this.cache;
    let filterError: string | null = null;
    let predicate: ((row: SampleRow) => boolean) | undefined;
    try {
      predicate = q.filter.trim() === '' ? undefined : compileFilter(parseFilter(q.filter), rowField);
    } catch (e) {
      filterError = (e as Error).message;
    }
    const rows: SampleRow[] = [];
    const seqs: number[] = [];
    for (let seq = 0; seq < this.seen; seq++) {
      if (matches !== null && !matches.has(seq)) continue;
      const row = this.row(seq);
      if (predicate && !predicate(row)) continue;
      rows.push(row);
      seqs.push(seq);
    }
    const order = seqs.map((_, i) => i);
    const value = sortValue(q.sort.column);
    const dir = q.sort.descending ? -1 : 1;
    order.sort((a, b) => {
      const va = value(rows[a]!);
      const vb = value(rows[b]!);
      // Unknown values sort last in both directions: they are not small, just not known yet.
      if (va === null || vb === null) return va === vb ? a - b : va === null ? 1 : -1;
      const c = va < vb ? -1 : va > vb ? 1 : 0;
      return c !== 0 ? c * dir : a - b;
    });
    this.cache = { key, seqs: order.map((i) => seqs[i]!), filterError };
    return this.cache;
  }
}

/** A row's value for a filter field (see core/store/sampleFilter.ts). */
export function rowField(row: SampleRow, field: FilterField): FieldValue {
  switch (field) {
    case 'step':
    case 'group':
    case 'index':
      return row.key[field];
    case 'eval':
      return row.key.evaluation;
    case 'diagnostics':
      return row.errors === null || row.warnings === null ? null : row.errors + row.warnings;
    case 'code':
      return row.codes ?? [];
    case 'flag':
      return row.flags ?? [];
    case 'pinned':
      return row.note !== null;
    default:
      return row[field];
  }
}

class Range {
  private min = Infinity;
  private max = -Infinity;

  add(v: number | null): void {
    if (v === null || !Number.isFinite(v)) return;
    this.min = Math.min(this.min, v);
    this.max = Math.max(this.max, v);
  }

  value(): { min: number; max: number } | null {
    return this.min <= this.max ? { min: this.min, max: this.max } : null;
  }
}

function sortValue(column: SortColumn): (r: SampleRow) => number | string | null {
  switch (column) {
    case 'step':
      // Step, then group, then index: the order a run is written in.
      return (r) => (r.key.evaluation ? 1e15 : 0) + r.key.step * 1e9 + r.key.group * 1e4 + r.key.index;
    case 'group':
      return (r) => r.key.group * 1e4 + r.key.index;
    case 'task':
      return (r) => (r.task === null ? null : `${r.domain ?? ''}\u0000${r.task.padStart(12, '0')}`);
    case 'diagnostics':
      return (r) => (r.errors === null || r.warnings === null ? null : r.errors * 1e6 + r.warnings);
    default:
      return (r) => r[column];
  }
}
