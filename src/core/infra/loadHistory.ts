import type { SglangLoad } from './sglangLoad';

// A short rolling history of a server's /metrics load, for the Servers view's sparklines: one reading per
// poll, the newest last, the oldest dropped once there are LOAD_HISTORY_LENGTH.

/** A minute of readings at the Servers view's one-second poll. */
export const LOAD_HISTORY_LENGTH = 60;

export interface LoadReading {
  /** When it was read, ms since the epoch. */
  at: number;
  load: SglangLoad;
}

/** The history with `reading` added last, cut to the newest `max`. */
export function withReading(
  history: readonly LoadReading[],
  reading: LoadReading,
  max = LOAD_HISTORY_LENGTH,
): LoadReading[] {
  return [...history, reading].slice(-max);
}

const BARS = '▁▂▃▄▅▆▇█';

/**
 * The values as a line of bars from 0 (lowest bar) to `max` (default: the largest value; everything is the
 * lowest bar when that is 0). A value the server did not report is a space, so a gap shows as a gap.
 */
export function sparkline(values: readonly (number | null)[], max?: number): string {
  const top = max ?? Math.max(0, ...values.filter((v): v is number => v !== null));
  return values
    .map((v) => {
      if (v === null) return ' ';
      if (top <= 0) return BARS[0];
      const i = Math.round((Math.min(Math.max(v, 0), top) / top) * (BARS.length - 1));
      return BARS[i];
    })
    .join('');
}

export type LoadFigure = 'genThroughput' | 'queued' | 'running' | 'kvCacheUse';

/** Each figure's name and how one value reads, for the rows, their summaries and the table. */
export const LOAD_FIGURES: Record<LoadFigure, { label: string; text: (v: number) => string; max?: number }> =
  {
    genThroughput: { label: 'Throughput', text: (v) => `${Math.round(v).toLocaleString('en-US')} tok/s` },
    queued: { label: 'Queued', text: (v) => `${v} queued` },
    running: { label: 'Running', text: (v) => `${v} running` },
    kvCacheUse: { label: 'KV cache', text: (v) => `${Math.round(v * 100)}%`, max: 1 },
  };

/** One figure over the history in a sentence: the text alternative a screen reader gets for its bars. */
export function describeFigure(history: readonly LoadReading[], figure: LoadFigure): string {
  const { label, text } = LOAD_FIGURES[figure];
  const values = history.map((r) => r.load[figure]).filter((v): v is number => v !== null);
  if (values.length === 0) return `${label}: not reported`;
  return `${label} over the last ${history.length} readings: now ${text(values.at(-1)!)}, lowest ${text(Math.min(...values))}, highest ${text(Math.max(...values))}`;
}

/** The history as a text table, newest first: the bars' numbers, to read or copy. */
export function loadTable(history: readonly LoadReading[]): string {
  const figures = Object.keys(LOAD_FIGURES) as LoadFigure[];
  const header = ['time', ...figures.map((f) => LOAD_FIGURES[f].label)];
  const rows = [...history].reverse().map((r) => [
    new Date(r.at).toISOString().slice(11, 19),
    ...figures.map((f) => {
      const v = r.load[f];
      return v === null ? '—' : LOAD_FIGURES[f].text(v);
    }),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  return [header, ...rows]
    .map((row) =>
      row
        .map((c, i) => c.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
