import type { SampleEntry } from './sampleIndex';

// A sample filter as a structure: what the filter language (filterExpression.ts) parses to, and what the
// explorer and the viewer's table both evaluate. The viewer reads every field from its rows; the explorer
// reads the index alone (`entryField`), which knows the fields up to `diagnostics`. `pinned` and `note`
// come from the run's saved-views.json (savedViews.ts).

export const FILTER_FIELDS = [
  'step',
  'group',
  'index',
  'eval',
  'task',
  'domain',
  'status',
  'reward',
  'shaped',
  'errors',
  'warnings',
  'diagnostics',
  'advantage',
  'turns',
  'calls',
  'length',
  'code',
  'discarded',
  'flag',
  'pinned',
  'note',
] as const;
export type FilterField = (typeof FILTER_FIELDS)[number];
/** Fields holding text (compared without case) rather than numbers. */
export const TEXT_FIELDS: readonly FilterField[] = [
  'task',
  'domain',
  'status',
  'eval',
  'discarded',
  'pinned',
  'note',
];
/** Fields holding a list (a sample's diagnostic codes, its behaviour flags): a comparison asks about any member. */
export const LIST_FIELDS: readonly FilterField[] = ['code', 'flag'];

export type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=' | '~';
export type FilterValue = string | number | boolean | null;
/** A field's value for one sample; a list for `code` and `flag`; null when not known (yet). */
export type FieldValue = FilterValue | readonly string[];

export type SampleFilter =
  | { kind: 'and' | 'or'; parts: SampleFilter[] }
  | { kind: 'not'; part: SampleFilter }
  | { kind: 'compare'; field: FilterField; op: CompareOp; value: FilterValue };

/** The filter as a test over any kind of sample, given how to read a field of one. */
export function compileFilter<T>(
  f: SampleFilter,
  read: (subject: T, field: FilterField) => FieldValue,
): (subject: T) => boolean {
  switch (f.kind) {
    case 'and': {
      const parts = f.parts.map((p) => compileFilter(p, read));
      return (s) => parts.every((p) => p(s));
    }
    case 'or': {
      const parts = f.parts.map((p) => compileFilter(p, read));
      return (s) => parts.some((p) => p(s));
    }
    case 'not': {
      const inner = compileFilter(f.part, read);
      return (s) => !inner(s);
    }
    case 'compare': {
      const test = comparison(f.op, f.value);
      return (s) => test(read(s, f.field));
    }
  }
}

function comparison(op: CompareOp, value: FilterValue): (actual: FieldValue) => boolean {
  const same = (actual: FilterValue) =>
    actual === value ||
    (typeof actual === 'string' && value !== null && String(value).toLowerCase() === actual.toLowerCase());
  const one = (actual: FilterValue): boolean => {
    switch (op) {
      case '==':
        return same(actual);
      case '!=':
        return !same(actual);
      case '~':
        return actual !== null && String(actual).toLowerCase().includes(String(value).toLowerCase());
      default: {
        if (typeof actual !== 'number' || typeof value !== 'number') return false;
        if (op === '<') return actual < value;
        if (op === '<=') return actual <= value;
        if (op === '>') return actual > value;
        return actual >= value;
      }
    }
  };
  return (actual) => {
    if (!Array.isArray(actual)) return one(actual as FilterValue);
    // A list matches `==` and `~` when a member does; `!=` when none is the value.
    return op === '!=' ? !actual.some((m) => same(m)) : actual.some((m) => one(m));
  };
}

/** A field as the index knows it; undefined for the fields only the viewer's body scan knows. */
export function entryField(e: SampleEntry, field: FilterField): FieldValue | undefined {
  switch (field) {
    case 'step':
    case 'group':
    case 'index':
    case 'task':
    case 'domain':
    case 'status':
    case 'reward':
    case 'errors':
    case 'warnings':
      return e[field];
    case 'eval':
      return e.evaluation;
    case 'shaped':
      return e.shapedReward;
    case 'diagnostics':
      return e.errors === null || e.warnings === null ? null : e.errors + e.warnings;
    default:
      return undefined;
  }
}
