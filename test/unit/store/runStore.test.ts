import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoSample, demoStepRecord } from '../../../src/core/demo/demoSamples';
import { RunStore } from '../../../src/core/store/runStore';
import { ROW_BYTES } from '../../../src/core/store/sampleColumns';

const annotate = () => ({ errors: 0, warnings: 0, dropped: 0 });
const lines = (n: number) =>
  Array.from({ length: n }, (_, i) =>
    JSON.stringify(demoSample(Math.floor(i / 24), Math.floor((i % 24) / 4), i % 4)),
  ).join('\n') + '\n';

describe('RunStore', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rs-store-'));
  });
  // Retried: a store a test left open may still be writing into the folder as it goes.
  afterEach(() => rmSync(dir, { recursive: true, force: true, maxRetries: 5 }));

  it('indexes samples and steps, reads bodies lazily by offset, and reopens to the same index', async () => {
    const store = await RunStore.open(dir, 'test', { annotate });
    const text = lines(30) + JSON.stringify(demoStepRecord(0, [demoSample(0, 0, 0)])) + '\n';
    const bytes = Buffer.from(text);
    // Arbitrary chunk boundaries, as a stream delivers them.
    for (let at = 0; at < bytes.length; at += 977) store.ingest(bytes.subarray(at, at + 977));
    await store.flush(42);
    expect(store.samples).toHaveLength(30);
    expect(store.steps.size).toBe(1);
    expect(store.resumeOffset).toBe(bytes.length);
    const body = await store.readSample(store.samples.at(7)!);
    expect(body).toEqual(demoSample(0, 1, 3));
    await store.close();
    const reopened = await RunStore.open(dir, 'test', { annotate });
    expect(reopened.samples.slice()).toEqual(store.samples.slice());
    expect(reopened.resumeOffset).toBe(bytes.length);
    expect(reopened.remoteIno).toBe(42);
  });

  it('commits rows before their tool-call diagnostics, fills those in the background, and keeps them', async () => {
    // A stand-in count that differs per sample, so a diagnostic landing on the wrong row shows.
    const counting = (s: { index: number; group: number }) => ({
      errors: s.index,
      warnings: s.group,
      dropped: 0,
    });
    const store = await RunStore.open(dir, 'test', { annotate: counting });
    store.ingest(Buffer.from(lines(48)));
    await store.flush();
    expect(store.samples).toHaveLength(48);
    expect(store.samples.slice().every((s) => s.errors === null && s.warnings === null)).toBe(true);
    let filled = 0;
    store.onChange((c) => (filled += c.diagnosed));
    await store.diagnosed();
    expect(filled).toBe(48);
    expect(store.samples.slice().map((s) => [s.errors, s.warnings])).toEqual(
      store.samples.slice().map((s) => [s.index, s.group]),
    );
    await store.close();
    const reopened = await RunStore.open(dir, 'test', { annotate: counting });
    expect(reopened.samples.slice()).toEqual(store.samples.slice());
    await reopened.close();
  });

  it('a store counted before parse failures were kept apart counts its samples again, once', async () => {
    const counting = (s: { index: number }) => ({ errors: s.index, warnings: 0, dropped: s.index % 2 });
    const store = await RunStore.open(dir, 'test', { annotate: counting });
    store.ingest(Buffer.from(lines(24)));
    await store.flush();
    await store.diagnosed();
    await store.close();
    // The store as format 3 wrote it: the same rows with the parse-failure field (bytes 68..71) zero.
    const binPath = join(dir, 'samples.bin');
    const bin = readFileSync(binPath);
    for (let at = 0; at < bin.length; at += ROW_BYTES) bin.writeInt32LE(0, at + 68);
    writeFileSync(binPath, bin);
    const metaPath = join(dir, 'meta.json');
    writeFileSync(metaPath, JSON.stringify({ ...JSON.parse(readFileSync(metaPath, 'utf8')), format: 3 }));
    const reopened = await RunStore.open(dir, 'test', { annotate: counting });
    await reopened.diagnosed();
    expect(reopened.samples.slice().map((s) => s.dropped)).toEqual(
      reopened.samples.slice().map((s) => s.index % 2),
    );
    await reopened.close();
    const again = await RunStore.open(dir, 'test', {
      annotate: () => ({ errors: 9, warnings: 9, dropped: 9 }),
    });
    await again.diagnosed();
    expect(again.samples.slice().map((s) => [s.errors, s.dropped])).toEqual(
      again.samples.slice().map((s) => [s.index, s.index % 2]),
    );
    await again.close();
  });

  it('a store closed mid-pass resumes counting diagnostics when reopened', async () => {
    const store = await RunStore.open(dir, 'test', { annotate });
    store.ingest(Buffer.from(lines(200)));
    await store.close();
    const reopened = await RunStore.open(dir, 'test', { annotate });
    await reopened.diagnosed();
    expect(reopened.samples).toHaveLength(200);
    expect(reopened.samples.slice().every((s) => s.errors === 0 && s.warnings === 0)).toBe(true);
    await reopened.close();
  });

  it('reports unreadable lines with their line number and keeps going', async () => {
    const store = await RunStore.open(dir, 'test', { annotate, maxLineBytes: 50_000 });
    const good = JSON.stringify(demoSample(0, 0, 0));
    const input =
      [
        good,
        '{"kind": "sample", "v": 1',
        JSON.stringify({ kind: 'sample', v: 1 }),
        JSON.stringify({ kind: 'sample', v: 9 }),
        'x'.repeat(60_000),
        good,
      ].join('\n') + '\n';
    store.ingest(Buffer.from(input));
    await store.flush();
    expect(store.samples).toHaveLength(2);
    expect(store.problems.map((p) => p.line)).toEqual([2, 3, 4, 5]);
    expect(store.problems[0]?.message).toMatch(/not valid JSON/);
    expect(store.problems[1]?.message).toMatch(/^ts: /);
    expect(store.problems[2]?.message).toMatch(/newer than this extension reads/);
    expect(store.problems[3]?.message).toMatch(/longer than the 50000 byte limit/);
  });

  it('lists a record whose head reads but whose body does not, then reports it by line from the background pass', async () => {
    const store = await RunStore.open(dir, 'test', { annotate });
    const good = JSON.stringify(demoSample(0, 0, 0));
    // A v2 record is read up to its first assistant turn on arrival; what is wrong after it shows later.
    const badTail = good.replace(/\}$/, ',"trace":NaN}');
    const turns = demoSample(0, 0, 1);
    const badTurn = JSON.stringify({
      ...turns,
      messages: turns.messages.map((m) => (m.role === 'assistant' ? { ...m, content: 7 } : m)),
    });
    store.ingest(Buffer.from(`${good}\n\n${badTail}\n${badTurn}\n${good}\n`));
    await store.flush();
    expect(store.samples).toHaveLength(4);
    expect(store.problems).toEqual([]);
    await store.diagnosed();
    expect(store.samples.slice().every((s) => s.errors !== null)).toBe(true);
    expect(store.problems).toEqual([
      {
        line: 3,
        message: expect.stringMatching(
          /^not valid JSON: .*\(step 0, group 0, sample 0: listed, but cannot be opened\)$/,
        ),
      },
      {
        line: 4,
        message: expect.stringMatching(/^messages\.\d+\.content: .*\(step 0, group 0, sample 1: listed/),
      },
    ]);
    await store.close();
    const reopened = await RunStore.open(dir, 'test', { annotate });
    expect(reopened.problems.map((p) => p.line)).toEqual([3, 4]);
    await reopened.close();
  });

  it('after a crash between writes, reopens at the last commit with nothing lost or repeated', async () => {
    const store = await RunStore.open(dir, 'test', { annotate });
    const first = Buffer.from(lines(10));
    store.ingest(first);
    await store.flush();
    // A crash after appending to the files but before meta.json was written:
    appendFileSync(join(dir, 'records.jsonl'), '{"half": ');
    appendFileSync(join(dir, 'index.jsonl'), '["s",999');
    const reopened = await RunStore.open(dir, 'test', { annotate });
    expect(reopened.samples).toHaveLength(10);
    expect(reopened.resumeOffset).toBe(first.length);
    const rest = Buffer.from(lines(12)).subarray(first.length);
    reopened.ingest(rest);
    await reopened.flush();
    expect(reopened.samples).toHaveLength(12);
    expect((await reopened.readMirror()).toString()).toBe(lines(12));
  });

  it('keeps a restarted run’s old records as an earlier generation', async () => {
    const store = await RunStore.open(dir, 'test', { annotate });
    store.ingest(Buffer.from(lines(5)));
    await store.flush(1);
    await store.startNewGeneration(2);
    expect(store.samples).toHaveLength(0);
    expect(store.resumeOffset).toBe(0);
    store.ingest(Buffer.from(lines(2)));
    await store.flush();
    expect(readFileSync(join(dir, 'records.gen0.jsonl'), 'utf8')).toBe(lines(5));
    const reopened = await RunStore.open(dir, 'test', { annotate });
    expect(reopened.generation).toBe(1);
    expect(reopened.samples).toHaveLength(2);
  });
});

describe('RunStore offsets while a flush is in flight', () => {
  it('gives every sample its own place in the mirror', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rs-store-'));
    try {
      const store = await RunStore.open(dir, 'test', { annotate });
      const text = Buffer.from(lines(40));
      const half = text.indexOf('\n', text.length / 2) + 1;
      store.ingest(text.subarray(0, half));
      const flushing = store.flush();
      // Lines arriving before the first flush has committed must not reuse its offsets.
      store.ingest(text.subarray(half));
      await flushing;
      await store.flush();
      expect(new Set(store.samples.slice().map((s) => s.offset)).size).toBe(40);
      expect(await store.readSample(store.samples.at(39)!)).toEqual(demoSample(1, 3, 3));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
