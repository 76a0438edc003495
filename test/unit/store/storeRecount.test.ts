import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoSample } from '../../../src/core/demo/demoSamples';
import { RunStore } from '../../../src/core/store/runStore';

const lines = (n: number) =>
  Array.from({ length: n }, (_, i) =>
    JSON.stringify(demoSample(Math.floor(i / 24), Math.floor((i % 24) / 4), i % 4)),
  ).join('\n') + '\n';

// Stand-in counts that differ per profile and per sample, so a count made under the wrong one shows.
const byIndex = (s: { index: number }) => ({ errors: s.index, warnings: 0, dropped: 0 });
const byGroup = (s: { group: number }) => ({ errors: s.group, warnings: 1, dropped: s.group });
/** The store's samples as entries, in order. */
const entries = (store: RunStore) =>
  Array.from({ length: store.samples.length }, (_, i) => store.samples.at(i)!);
const never = () => {
  throw new Error('counted again although the profile did not change');
};

describe("RunStore counts diagnostics under one profile (the box's SGLang release)", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rs-recount-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true, maxRetries: 5 }));

  it('counts again when the profile changes, even mid-pass, and keeps the counts of the same profile across a reopen', async () => {
    const store = await RunStore.open(dir, 'test', { annotate: byIndex, annotateKey: 'sglang 0.5.23' });
    store.ingest(Buffer.from(lines(240)));
    await store.flush();
    // The box's release becomes known while the first pass is under way.
    store.setAnnotate(byGroup, 'sglang 0.5.15.post1');
    await store.diagnosed();
    expect(entries(store).map((s) => [s.errors, s.warnings, s.dropped])).toEqual(
      entries(store).map((s) => [s.group, 1, s.group]),
    );
    // The same profile again changes nothing.
    store.setAnnotate(never, 'sglang 0.5.15.post1');
    await store.diagnosed();
    await store.close();

    const same = await RunStore.open(dir, 'test', { annotate: never, annotateKey: 'sglang 0.5.15.post1' });
    await same.diagnosed();
    expect(entries(same).map((s) => s.errors)).toEqual(entries(store).map((s) => s.group));
    await same.close();

    // Opened under another profile (the settings pinned a release): every sample is counted again.
    const other = await RunStore.open(dir, 'test', { annotate: byIndex, annotateKey: 'sglang 0.5.9' });
    expect(entries(other).every((s) => s.errors === null)).toBe(true);
    await other.diagnosed();
    expect(entries(other).map((s) => s.errors)).toEqual(entries(other).map((s) => s.index));
    await other.close();
  });

  it('a store closed before its recount finished counts the rest again under the new profile', async () => {
    const store = await RunStore.open(dir, 'test', { annotate: byIndex, annotateKey: 'a' });
    store.ingest(Buffer.from(lines(240)));
    await store.flush();
    await store.diagnosed();
    store.setAnnotate(byGroup, 'b');
    await store.close();
    const reopened = await RunStore.open(dir, 'test', { annotate: byGroup, annotateKey: 'b' });
    await reopened.diagnosed();
    expect(entries(reopened).map((s) => [s.errors, s.warnings])).toEqual(
      entries(reopened).map((s) => [s.group, 1]),
    );
    await reopened.close();
  });
});
