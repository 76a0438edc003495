import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import type { RunRecord, RunState } from '../../../src/core/run/runFiles';
import { writeImportedRun } from '../../../src/core/run/writeImportedRun';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'rs-import-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const record: RunRecord = {
  id: 'results.json-1234abcd',
  name: 'results.json',
  createdAt: '2026-12-07T00:00:00.000Z',
  toolVersion: '0.1.0',
  argv: [],
  envNames: [],
  importedFrom: { path: '/data/results.json', format: 'tau2' },
};
const state: RunState = { state: 'exited', startedAt: record.createdAt, endedAt: record.createdAt };
// About 6 MB of records: several chunks, so a cancel lands part way.
const lines = Array.from({ length: 6_000 }, (_, i) => `${JSON.stringify({ i, pad: 'x'.repeat(1_000) })}\n`);

test('a converted run is laid out whole, with progress in bytes up to the total', async () => {
  const dir = join(root, 'opened', record.id);
  const seen: [number, number][] = [];
  await writeImportedRun(
    dir,
    join(root, 'scratch'),
    { record, state, lines },
    {
      onProgress: (done, total) => seen.push([done, total]),
    },
  );
  expect(JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8'))).toEqual(record);
  expect(JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8'))).toEqual(state);
  expect(readFileSync(join(dir, 'rollouts.jsonl'), 'utf8')).toBe(lines.join(''));
  const total = Buffer.byteLength(lines.join(''));
  expect(seen.length).toBeGreaterThan(2);
  expect(seen.at(-1)).toEqual([total, total]);
  expect(readdirSync(join(root, 'scratch'))).toEqual([]);
});

test('a cancelled conversion removes its partial output and leaves the earlier copy as it was', async () => {
  const dir = join(root, 'opened', record.id);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'rollouts.jsonl'), 'the earlier copy\n');
  const abort = new AbortController();
  let reports = 0;
  const run = writeImportedRun(
    dir,
    join(root, 'scratch'),
    { record, state, lines },
    {
      signal: abort.signal,
      onProgress: () => {
        reports++;
        abort.abort();
      },
    },
  );
  await expect(run).rejects.toMatchObject({ name: 'AbortError' });
  expect(reports).toBe(1);
  expect(readdirSync(join(root, 'scratch'))).toEqual([]);
  expect(readdirSync(join(root, 'opened'))).toEqual([record.id]);
  expect(readFileSync(join(dir, 'rollouts.jsonl'), 'utf8')).toBe('the earlier copy\n');
});
