import { parseFilter } from './filterExpression';
import { compileFilter, entryField } from './sampleFilter';
import type { IndexedStatus, SampleEntry } from './sampleIndex';

// What the explorer's Filter Samples… picks narrow a run to. The picks are written in the filter
// language (filterExpression.ts) and evaluated like the viewer's filter; the text is the one record
// search (textSearch.ts), resolved once into the set of matching records (see RunStore.searchText).

export interface ExplorerFilter {
  statuses?: IndexedStatus[];
  minReward?: number;
  maxReward?: number;
  /** Only samples with at least one error-severity tool-call diagnostic. */
  withErrors?: boolean;
  /** Case-insensitive substring of the task id or domain. */
  task?: string;
  /** Text in the record, as the viewer's search box finds it. */
  text?: string;
}

export type SampleOrder = 'index' | 'reward-desc' | 'reward-asc' | 'errors-desc';

export function isEmptyFilter(f: ExplorerFilter): boolean {
  return (
    (f.statuses === undefined || f.statuses.length === 0) &&
    f.minReward === undefined &&
    f.maxReward === undefined &&
    !f.withErrors &&
    !f.task &&
    !f.text
  );
}

const quoted = (s: string) => `"${s.replace(/["\\]/g, '\\$&')}"`;

/** The picks (all but the text) as a filter expression, e.g. `(status == aborted) and errors > 0`. */
export function explorerExpression(f: ExplorerFilter): string {
  const clauses: string[] = [];
  if (f.statuses && f.statuses.length > 0)
    clauses.push(`(${f.statuses.map((s) => `status == ${s}`).join(' or ')})`);
  if (f.minReward !== undefined) clauses.push(`reward >= ${f.minReward}`);
  if (f.maxReward !== undefined) clauses.push(`reward <= ${f.maxReward}`);
  if (f.withErrors) clauses.push('errors > 0');
  if (f.task) clauses.push(`(task ~ ${quoted(f.task)} or domain ~ ${quoted(f.task)})`);
  return clauses.join(' and ');
}

/**
 * A test of index entries for the picks; `textMatches` holds the offsets of records showing f.text
 * (undefined when there is no text filter).
 */
export function explorerMatcher(
  f: ExplorerFilter,
  textMatches?: ReadonlySet<number>,
): (e: SampleEntry) => boolean {
  const picks = compileFilter(parseFilter(explorerExpression(f)), (e: SampleEntry, field) => {
    const value = entryField(e, field);
    if (value === undefined) throw new Error(`the explorer's picks use ${field}, which the index lacks`);
    return value;
  });
  return (e) => picks(e) && (textMatches === undefined || textMatches.has(e.offset));
}

export function describeFilter(f: ExplorerFilter): string {
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
