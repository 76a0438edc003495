import { describeDecoding, describeUserSimulator, isGreedy } from './evalSettings';
import { OVERALL } from './evalResult';
import type { DomainMetrics, EvalResult } from './evalResult';

// The cookbook's comparison table (training_cookbook.md, "Performance snapshot"): stages as rows, and per
// metric the overall figure and each domain as columns. Reproducers of the recipe got numbers that did
// not line up because three things were mixed up: greedy pass@1 against sampled pass@1, pass@k against
// pass^k, and different user-simulator models. So every cell carries the settings it was measured with,
// and a cell whose settings differ from the rest of its column is marked, saying what differs.

export type Metric = 'pass@1' | 'pass@k';
export const METRICS: readonly Metric[] = ['pass@1', 'pass@k'];

/** What must agree for two cells of a column to be comparable. */
export type Facet = 'decoding' | 'k' | 'user simulator' | 'split' | 'tau2-bench commit' | 'tasks';

export interface StageCell {
  value: number | null;
  /** pass^k beside pass@k: tau2's leaderboard metric, which the cookbook's table does not show. */
  passHatK: number | null;
  /** The eval run the figure comes from. */
  runDir: string;
  /** Each facet's value for this cell. */
  facets: Partial<Record<Facet, string>>;
  /** Empty when the cell is comparable with its column; otherwise why not, one line per facet. */
  notComparable: string[];
}

export interface StageRow {
  stage: string;
  cells: Partial<Record<string, StageCell>>;
}

export interface StageColumn {
  key: string;
  metric: Metric;
  domain: string;
  /** The settings most of the column was measured with. */
  reference: Partial<Record<Facet, string>>;
}

export interface StageTable {
  columns: StageColumn[];
  rows: StageRow[];
  /** The k most pass@k cells used, for the header (pass@4). */
  k: number | null;
}

export function cellKey(metric: Metric, domain: string): string {
  return `${metric}|${domain}`;
}

/**
 * Builds the table from eval results. A stage's pass@1 comes from its latest one-attempt eval (else its
 * latest eval of any k), its pass@k from its latest eval with k > 1. Rows keep the order in which the
 * stages were first evaluated.
 */
export function stageTable(results: readonly EvalResult[]): StageTable {
  const byStage = new Map<string, EvalResult[]>();
  const ordered = [...results].sort((a, b) => a.provenance.createdAt.localeCompare(b.provenance.createdAt));
  for (const r of ordered) {
    const list = byStage.get(r.provenance.stage) ?? [];
    list.push(r);
    byStage.set(r.provenance.stage, list);
  }
  const domains = [...new Set(results.flatMap((r) => r.domains.map((d) => d.domain)))].sort();
  const columns: StageColumn[] = METRICS.flatMap((metric) =>
    [OVERALL, ...domains].map((domain) => ({ key: cellKey(metric, domain), metric, domain, reference: {} })),
  );
  const rows: StageRow[] = [...byStage].map(([stage, evals]) => {
    const latest = (pick: (r: EvalResult) => boolean) => evals.filter(pick).at(-1);
    const source: Record<Metric, EvalResult | undefined> = {
      'pass@1': latest((r) => r.provenance.settings.k === 1) ?? evals.at(-1),
      'pass@k': latest((r) => r.provenance.settings.k > 1),
    };
    const cells: Partial<Record<string, StageCell>> = {};
    for (const column of columns) {
      const result = source[column.metric];
      const m = result && metricsOf(result, column.domain);
      if (result && m) cells[column.key] = cell(column.metric, result, m);
    }
    return { stage, cells };
  });
  for (const column of columns) markColumn(column, rows);
  const ks = rows.flatMap((r) => {
    const k = r.cells[cellKey('pass@k', OVERALL)]?.facets.k;
    return k === undefined ? [] : [k];
  });
  const k = majority(ks);
  return { columns, rows, k: k === undefined ? null : Number(k.replace(/^k = /, '')) };
}

function metricsOf(result: EvalResult, domain: string): DomainMetrics | undefined {
  return domain === OVERALL ? result.overall : result.domains.find((d) => d.domain === domain);
}

function cell(metric: Metric, result: EvalResult, m: DomainMetrics): StageCell {
  const { settings, tau2 } = result.provenance;
  const commit = tau2.commit ?? result.resultsCommit ?? null;
  const facets: Partial<Record<Facet, string>> = {
    decoding:
      metric === 'pass@1' && isGreedy(settings.decoding)
        ? 'greedy'
        : `sampled, ${describeDecoding(settings.decoding)}`,
    'user simulator': describeUserSimulator(settings.userSimulator),
    split: `${settings.split} split`,
    'tau2-bench commit': commit === null ? 'not recorded' : commit.slice(0, 7),
    tasks: `${m.tasks} tasks`,
  };
  if (metric === 'pass@k') facets.k = `k = ${settings.k}`;
  return {
    value: metric === 'pass@1' ? m.passAt1 : m.passAtK,
    passHatK: metric === 'pass@k' ? m.passHatK : null,
    runDir: result.runDir,
    facets,
    notComparable: [],
  };
}

const FACETS: readonly Facet[] = ['decoding', 'k', 'user simulator', 'split', 'tau2-bench commit', 'tasks'];

/**
 * The column's reference is, per facet, the value most of its cells share (a tie goes to the earliest
 * stage's); a cell that differs in any facet is not comparable, and each difference is named.
 */
function markColumn(column: StageColumn, rows: readonly StageRow[]): void {
  const cells = rows.flatMap((r) => {
    const c = r.cells[column.key];
    return c ? [c] : [];
  });
  for (const facet of FACETS) {
    const values = cells.flatMap((c) => (c.facets[facet] === undefined ? [] : [c.facets[facet]]));
    const reference = majority(values);
    if (reference === undefined) continue;
    column.reference[facet] = reference;
    const others = cells.filter((c) => c.facets[facet] === reference).length;
    for (const c of cells) {
      const value = c.facets[facet];
      if (value === undefined || value === reference) continue;
      c.notComparable.push(
        `${facet}: ${value}, while ${others === 1 ? 'the other stage has' : `${others} other stages have`} ${reference}`,
      );
    }
  }
}

/** The most frequent value; among equally frequent ones, the first to appear. */
function majority(values: readonly string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: string | undefined;
  for (const v of values) if (best === undefined || (counts.get(v) ?? 0) > (counts.get(best) ?? 0)) best = v;
  return best;
}
