import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ROW_BYTES, SampleColumns } from '../../../src/core/store/sampleColumns';
import { INDEXED_STATUSES } from '../../../src/core/store/sampleIndex';
import type { SampleEntry } from '../../../src/core/store/sampleIndex';
import { columnsOf, sampleEntry } from '../sampleEntry';

const nullable = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null });
const int32 = fc.integer({ min: 0, max: 2 ** 31 - 1 });
const entryArb: fc.Arbitrary<SampleEntry> = fc
  .record({
    // Offsets past 4 GB: runs of tens of gigabytes are mirrored.
    offset: fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
    length: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
    step: int32,
    evaluation: fc.boolean(),
    group: int32,
    index: int32,
    status: fc.constantFrom(...INDEXED_STATUSES),
    reward: nullable(fc.double({ noNaN: true })),
    shapedReward: nullable(fc.double({ noNaN: true })),
    errors: nullable(int32),
    warnings: nullable(int32),
    dropped: int32,
    task: nullable(fc.string()),
    domain: nullable(fc.string({ unit: 'grapheme' })),
    promptHash: nullable(fc.string()),
    line: fc.option(fc.integer({ min: 1, max: 2 ** 32 - 1 }), { nil: undefined }),
  })
  // Parse failures are known exactly when the errors are counted.
  .map(({ line, dropped, ...rest }) =>
    sampleEntry({
      ...rest,
      ...(line === undefined ? {} : { line }),
      ...(rest.errors === null ? {} : { dropped }),
    }),
  );

describe('SampleColumns', () => {
  it('gives back every entry as it was pushed, and again after a round trip through samples.bin rows', () => {
    fc.assert(
      fc.property(fc.array(entryArb, { maxLength: 30 }), (entries) => {
        const columns = columnsOf(entries);
        expect(columns.slice()).toEqual(entries);
        // A reopened store reads the strings first, in id order, then the rows.
        const reopened = new SampleColumns();
        for (const t of columns.strings.since(0)) reopened.strings.intern(t);
        const rows = columns.encodeRows(0, columns.length);
        expect(rows.length).toBe(entries.length * ROW_BYTES);
        reopened.decodeRows(rows);
        expect(reopened.slice()).toEqual(entries);
      }),
    );
  });

  it('keeps each task id, domain and prompt hash once, however many samples name it', () => {
    const entries = Array.from({ length: 5000 }, (_, i) =>
      sampleEntry({ index: i, task: String(i % 7), domain: i % 2 ? 'retail' : 'airline', promptHash: null }),
    );
    const columns = columnsOf(entries);
    expect(columns.strings.size).toBe(9);
    expect(columns.task(4999)).toBe('1');
    expect(columns.taskId(7)).toBe(columns.taskId(0));
    expect(columns.promptHash(3)).toBeNull();
  });

  it('fills in diagnostics counted later, and forgets everything when cleared', () => {
    const columns = columnsOf([sampleEntry({ errors: null, warnings: null }), sampleEntry({ index: 1 })]);
    expect(columns.errors(0)).toBeNull();
    expect(columns.dropped(0)).toBeNull();
    columns.setDiagnostics(0, 2, 1, 1);
    expect(columns.at(0)).toMatchObject({ errors: 2, warnings: 1, dropped: 1 });
    const reread = new SampleColumns();
    reread.decodeRows(columns.encodeRows(0, 2));
    expect([reread.dropped(0), reread.dropped(1)]).toEqual([1, 0]);
    columns.clear();
    expect(columns.length).toBe(0);
    expect(columns.at(0)).toBeUndefined();
    expect(columns.strings.size).toBe(0);
  });
});
