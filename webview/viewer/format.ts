// Number formatting shared by the table, the header and the charts.

export const fmt = (v: number | null | undefined, digits = 2): string =>
  v === null || v === undefined || Number.isNaN(v)
    ? '—'
    : Number.isInteger(v)
      ? String(v)
      : v.toFixed(digits);

export const pct = (v: number | null | undefined): string =>
  v === null || v === undefined ? '—' : `${(100 * v).toFixed(v > 0 && v < 0.01 ? 1 : 0)}%`;

export const signed = (v: number | null | undefined): string =>
  v === null || v === undefined ? '—' : `${v > 0 ? '+' : ''}${v.toFixed(2)}`;

export const bytes = (n: number): string =>
  n < 1024
    ? `${n} B`
    : n < 1024 * 1024
      ? `${(n / 1024).toFixed(1)} KB`
      : `${(n / 1024 / 1024).toFixed(1)} MB`;

export const plural = (n: number, word: string): string =>
  `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
