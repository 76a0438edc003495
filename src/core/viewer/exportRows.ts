import type { ExportColumn, ExportTable } from '../export/table';
import type { SampleRow } from '../../shared/protocol';

type Get<T> = (r: SampleRow) => T;

/**
 * The viewer's sample table as an export table: one row per sample, the columns the table shows under
 * the names a notebook would use (codes and flags space-separated).
 */
export function sampleRowsTable(rows: readonly SampleRow[]): ExportTable {
  const str = (name: string, get: Get<string | null>): ExportColumn => ({
    name,
    type: 'STRING',
    values: rows.map(get),
  });
  const int = (name: string, get: Get<number | null>): ExportColumn => ({
    name,
    type: 'INT32',
    values: rows.map(get),
  });
  const real = (name: string, get: Get<number | null>): ExportColumn => ({
    name,
    type: 'DOUBLE',
    values: rows.map(get),
  });
  return {
    rows: rows.length,
    columns: [
      int('step', (r) => r.key.step),
      { name: 'evaluation', type: 'BOOLEAN', values: rows.map((r) => r.key.evaluation) },
      int('group', (r) => r.key.group),
      int('index', (r) => r.key.index),
      str('task', (r) => r.task),
      str('domain', (r) => r.domain),
      str('status', (r) => r.status),
      real('reward', (r) => r.reward),
      real('shaped_reward', (r) => r.shaped),
      real('advantage', (r) => r.advantage),
      int('errors', (r) => r.errors),
      int('warnings', (r) => r.warnings),
      int('turns', (r) => r.turns),
      int('tool_calls', (r) => r.calls),
      int('length', (r) => r.length),
      str('length_unit', (r) => r.lengthUnit),
      str('codes', (r) => r.codes?.join(' ') ?? null),
      str('discarded', (r) => r.discarded),
      str('flags', (r) => r.flags?.join(' ') ?? null),
      { name: 'pinned', type: 'BOOLEAN', values: rows.map((r) => r.note !== null) },
      str('note', (r) => r.note),
    ],
  };
}
