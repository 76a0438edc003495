import { parquetReadObjects } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import { tableToCsv, tableToJsonl, tableToParquet } from '../../../src/core/export/table';
import type { ExportTable } from '../../../src/core/export/table';

const table: ExportTable = {
  rows: 3,
  columns: [
    { name: 'step', type: 'INT32', values: [0, 1, 2] },
    { name: 'evaluation', type: 'BOOLEAN', values: [false, true, null] },
    { name: 'task', type: 'STRING', values: ['retail 12', 'say "hi", then\nleave', '=HYPERLINK("x")'] },
    { name: 'reward', type: 'DOUBLE', values: [-0.87, null, 1] },
  ],
};

describe('table export', () => {
  it('writes RFC 4180 CSV: quoted fields where needed, empty for missing, formulas neutralised', () => {
    expect(tableToCsv(table)).toBe(
      [
        'step,evaluation,task,reward',
        '0,false,retail 12,-0.87',
        '1,true,"say ""hi"", then\nleave",',
        `2,,"'=HYPERLINK(""x"")",1`,
        '',
      ].join('\r\n'),
    );
  });

  it('writes one JSON object per row with nulls kept', () => {
    const rows = tableToJsonl(table)
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as unknown);
    expect(rows).toEqual([
      { step: 0, evaluation: false, task: 'retail 12', reward: -0.87 },
      { step: 1, evaluation: true, task: 'say "hi", then\nleave', reward: null },
      { step: 2, evaluation: null, task: '=HYPERLINK("x")', reward: 1 },
    ]);
  });

  it('writes a Parquet file whose columns read back with their types and nulls', async () => {
    const bytes = tableToParquet(table);
    expect(new TextDecoder().decode(bytes.subarray(0, 4))).toBe('PAR1');
    const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    expect(await parquetReadObjects({ file })).toEqual([
      { step: 0, evaluation: false, task: 'retail 12', reward: -0.87 },
      { step: 1, evaluation: true, task: 'say "hi", then\nleave', reward: null },
      { step: 2, evaluation: null, task: '=HYPERLINK("x")', reward: 1 },
    ]);
  });
});
