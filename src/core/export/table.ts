import { parquetWriteBuffer } from 'hyparquet-writer';

/** A table to export: named, typed columns of equal length; null is a missing value. */
export interface ExportTable {
  columns: ExportColumn[];
  rows: number;
}

export type ExportColumn =
  | { name: string; type: 'STRING'; values: (string | null)[] }
  | { name: string; type: 'INT32' | 'DOUBLE'; values: (number | null)[] }
  | { name: string; type: 'BOOLEAN'; values: (boolean | null)[] };

export type ExportFormat = 'csv' | 'jsonl' | 'parquet';

/**
 * A spreadsheet runs a cell that starts with one of these as a formula. Task names and codes come from
 * files anyone may have written, so such a text cell gets a leading apostrophe, which spreadsheets
 * show as text (OWASP's advice for CSV injection). Numbers are written as numbers and never start so.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

function csvCell(value: string | number | boolean | null): string {
  if (value === null) return '';
  if (typeof value !== 'string') return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** RFC 4180: a header row, CRLF line ends, fields quoted when they hold a quote, comma or line end. */
export function tableToCsv(table: ExportTable): string {
  const lines = [table.columns.map((c) => csvCell(c.name)).join(',')];
  for (let r = 0; r < table.rows; r++)
    lines.push(table.columns.map((c) => csvCell(c.values[r] ?? null)).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/** One JSON object per row, keys in column order. */
export function tableToJsonl(table: ExportTable): string {
  let out = '';
  for (let r = 0; r < table.rows; r++) {
    const row: Record<string, unknown> = {};
    for (const c of table.columns) row[c.name] = c.values[r] ?? null;
    out += `${JSON.stringify(row)}\n`;
  }
  return out;
}

/** A Parquet file (hyparquet-writer, Snappy-compressed), every column optional so nulls stay null. */
export function tableToParquet(table: ExportTable): Uint8Array {
  const buffer = parquetWriteBuffer({
    columnData: table.columns.map((c) => ({ name: c.name, type: c.type, data: c.values, nullable: true })),
    createdBy: 'rollout-studio',
  });
  return new Uint8Array(buffer);
}

export function writeTable(table: ExportTable, format: ExportFormat): Uint8Array {
  if (format === 'parquet') return tableToParquet(table);
  return new TextEncoder().encode(format === 'csv' ? tableToCsv(table) : tableToJsonl(table));
}
