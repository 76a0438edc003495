/** A 0..1 figure as the stage table and the eval summaries print it; '—' where there is none. */
export const percent = (v: number | null | undefined): string =>
  v === null || v === undefined ? '—' : `${(v * 100).toFixed(1)}%`;
