import type { IndexedStatus, SampleEntry } from './sampleIndex';

// What the explorer narrows a run to. Everything but `text` is answered from the index; text needs
// the bodies and is resolved once into the set of matching records (see RunStore.searchText).

export interface SampleFilter {
  statuses?: IndexedStatus[];
  minReward?: number;
  maxReward?: number;
  /** Only samples with at least one error-severity tool-call diagnostic. */
  withErrors?: boolean;
  /** Case-insensitive substring of the task id or domain. */
  task?: string;
  /** Case-insensitive substring anywhere in the record. */
  text?: string;
}

export type SampleOrder = 'index' | 'reward-desc' | 'reward-asc' | 'errors-desc';

export function isEmptyFilter(f: SampleFilter): boolean {
  return (
    (f.statuses === undefined || f.statuses.length === 0) &&
    f.minReward === undefined &&
    f.maxReward === undefined &&
    !f.withErrors &&
    !f.task &&
    !f.text
  );
}

/** `textMatches` holds the offsets of records containing f.text (undefined when there is no text filter). */
export function matchesFilter(e: SampleEntry, f: SampleFilter, textMatches?: ReadonlySet<number>): boolean {
  if (f.statuses && f.statuses.length > 0 && !f.statuses.includes(e.status)) return false;
  if (f.minReward !== undefined && (e.reward === null || e.reward < f.minReward)) return false;
  if (f.maxReward !== undefined && (e.reward === null || e.reward > f.maxReward)) return false;
  if (f.withErrors && !(e.errors !== null && e.errors > 0)) return false;
  if (f.task) {
    const needle = f.task.toLowerCase();
    if (!`${e.domain ?? ''} ${e.task ?? ''}`.toLowerCase().includes(needle)) return false;
  }
  if (textMatches && !textMatches.has(e.offset)) return false;
  return true;
}

export function describeFilter(f: SampleFilter): string {
  const parts: string[] = [];
  if (f.statuses && f.statuses.length > 0) parts.push(f.statuses.join('/'));
  if (f.minReward !== undefined || f.maxReward !== undefined) {
    parts.push(`reward ${f.minReward ?? '−∞'}…${f.maxReward ?? '∞'}`);
  }
  if (f.withErrors) parts.push('tool-call errors');
  if (f.task) parts.push(`task “${f.task}”`);
  if (f.text) parts.push(`text “${f.text}”`);
  return parts.join(', ');
}

export function sortSamples(samples: readonly SampleEntry[], order: SampleOrder): SampleEntry[] {
  const r = (e: SampleEntry) => e.reward ?? -Infinity;
  const sorted = [...samples];
  switch (order) {
    case 'reward-desc':
      return sorted.sort((a, b) => r(b) - r(a) || a.index - b.index);
    case 'reward-asc':
      return sorted.sort((a, b) => r(a) - r(b) || a.index - b.index);
    case 'errors-desc':
      // Samples whose diagnostics are still pending sort after those known to have none.
      return sorted.sort((a, b) => (b.errors ?? -1) - (a.errors ?? -1) || a.index - b.index);
    default:
      return sorted.sort((a, b) => a.index - b.index);
  }
}

/** Parses "0.5", "0.5..1", "..0", "1.." into a reward range; undefined when the text is not one. */
export function parseRewardRange(text: string): { min?: number; max?: number } | undefined {
  const t = text.trim();
  if (t === '') return {};
  const m = /^(-?\d*\.?\d+)?\s*(?:\.\.|…)\s*(-?\d*\.?\d+)?$/.exec(t);
  if (m) {
    const min = m[1] === undefined ? undefined : Number(m[1]);
    const max = m[2] === undefined ? undefined : Number(m[2]);
    return min !== undefined && max !== undefined && min > max ? undefined : { min, max };
  }
  const exact = Number(t);
  return Number.isFinite(exact) ? { min: exact, max: exact } : undefined;
}
