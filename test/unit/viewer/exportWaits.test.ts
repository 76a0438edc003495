import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoSample } from '../../../src/core/demo/demoSamples';
import { RunStore } from '../../../src/core/store/runStore';
import type { Profile } from '../../../src/core/toolcall/types';
import { RunViewerData } from '../../../src/core/viewer/runViewerData';
import { isAbort } from '../../../src/core/work/slicedWork';
import { DEFAULT_VIEWER_QUERY } from '../../../src/shared/protocol';

// An export waits for the body scan (and a search) to catch up: on a large run that is the long part, so
// the wait says how far it is and stops when cancelled.

const PROFILE: Profile = { parser: 'qwen25', reasoningParser: 'qwen3', policy: 'sglang' };
const annotate = () => ({ errors: 0, warnings: 0, dropped: 0 });
const SAMPLES = 1200;

describe('waiting for the rows of an export', () => {
  let dir: string;
  let store: RunStore;
  const open: RunViewerData[] = [];
  const fresh = () => {
    const data = new RunViewerData('run', store, PROFILE, () => undefined);
    open.push(data);
    return data;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rs-export-wait-'));
    store = await RunStore.open(dir, 'test', { annotate });
    const lines: string[] = [];
    for (let i = 0; i < SAMPLES; i++) lines.push(JSON.stringify(demoSample(i >> 6, (i >> 2) & 15, i & 3)));
    store.ingest(Buffer.from(`${lines.join('\n')}\n`));
    await store.flush();
  });

  afterAll(async () => {
    for (const d of open) d.dispose();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reports the scan and the search as they go, up to the whole, and then has every row', async () => {
    const reports: [number, number][] = [];
    const query = { ...DEFAULT_VIEWER_QUERY, search: 'find_user_id_by_name_zip' };
    const rows = await fresh().matchingRows(query, {
      onProgress: (done, total) => reports.push([done, total]),
    });
    expect(rows.length).toBeGreaterThan(0);
    // The scan is the first half and the search the second: done only grows, over one total.
    expect(new Set(reports.map(([, total]) => total))).toEqual(new Set([2 * SAMPLES]));
    const done = reports.map(([d]) => d);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(done.at(-1)).toBe(2 * SAMPLES);
    // The body scan reads in batches, and each batch is reported on its way.
    expect(done.filter((d) => d > 0 && d < SAMPLES).length).toBeGreaterThan(1);
  });

  it('stops waiting when cancelled, with an AbortError, and the scan goes on for the viewer', async () => {
    const data = fresh();
    const abort = new AbortController();
    const waited = data.matchingRows(DEFAULT_VIEWER_QUERY, {
      signal: abort.signal,
      onProgress: (done) => done > 0 && abort.abort(),
    });
    const error = await waited.catch((e: unknown) => e);
    expect(isAbort(error)).toBe(true);
    // The same data service still finishes its scan and answers.
    const rows = await data.matchingRows(DEFAULT_VIEWER_QUERY);
    expect(rows).toHaveLength(SAMPLES);
    expect(rows.every((r) => r.turns !== null)).toBe(true);
  });

  it("stops the explorer's record search when cancelled, and a later one still finds", async () => {
    const abort = new AbortController();
    abort.abort();
    const error = await store
      .searchText('find_user_id_by_name_zip', { signal: abort.signal })
      .catch((e: unknown) => e);
    expect(isAbort(error)).toBe(true);
    const reports: number[] = [];
    const found = await store.searchText('find_user_id_by_name_zip', {
      onProgress: (done) => reports.push(done),
    });
    expect(found.size).toBeGreaterThan(0);
    expect(reports.at(-1)).toBe(SAMPLES);
  });
});
