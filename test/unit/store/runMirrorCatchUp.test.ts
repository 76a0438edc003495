import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { demoSample } from '../../../src/core/demo/demoSamples';
import { RunMirror } from '../../../src/remote/runMirror';
import type { RunMirrorMode } from '../../../src/remote/runMirror';
import { LocalTarget } from '../../../src/remote/localTarget';
import { until } from '../../until';

const annotate = () => ({ errors: 0, warnings: 0, dropped: 0 });
const record = (i: number) =>
  `${JSON.stringify(demoSample(Math.floor(i / 24), Math.floor((i % 24) / 4), i % 4))}\n`;
// Enough that the copy commits in many flushes, so Cancel lands part way.
const RECORDS = 12_000;

let dir: string;
let text: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rs-catchup-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function writeRun(records: number): void {
  text = Array.from({ length: records }, (_, i) => record(i)).join('');
  writeFileSync(join(dir, 'rollouts.jsonl'), text);
}
const script = readFileSync(join(import.meta.dirname, '..', '..', '..', 'media', 'rollout_heads.py'), 'utf8');
const open = (mode: RunMirrorMode = { kind: 'all' }) =>
  RunMirror.open({
    target: new LocalTarget(),
    runDir: dir,
    storeDir: join(dir, `store-${mode.kind}`),
    annotate,
    onError: (e) => {
      throw e;
    },
    mode,
  });

/**
 * A catch-up that cannot finish before it is cancelled, however fast the copy runs: the mirror is paused
 * while most of the run is written, the catch-up starts, and only then is following resumed.
 */
async function cancelledPartWay(mode?: RunMirrorMode): Promise<{ mirror: RunMirror; caughtUp: boolean }> {
  writeRun(RECORDS);
  const head = text.slice(0, text.indexOf('\n', text.length >> 4) + 1);
  writeFileSync(join(dir, 'rollouts.jsonl'), head);
  const mirror = await open(mode);
  await until(() => mirror.covered() === Buffer.byteLength(head), 'the first lines');
  await mirror.pause();
  appendFileSync(join(dir, 'rollouts.jsonl'), text.slice(head.length));
  const abort = new AbortController();
  const caughtUp = mirror.catchUp({
    signal: abort.signal,
    onProgress: (done, total) => {
      expect(total).toBe(Buffer.byteLength(text));
      if (done > Buffer.byteLength(head) && done < total) abort.abort();
    },
  });
  mirror.resume();
  return { mirror, caughtUp: await caughtUp };
}

test('a cancelled first mirror keeps whole lines up to where it stopped, and resumes there later', async () => {
  const { mirror, caughtUp } = await cancelledPartWay();
  expect(caughtUp).toBe(false);
  expect(mirror.paused).toBe(true);
  const stoppedAt = mirror.store.resumeOffset;
  expect(stoppedAt).toBeGreaterThan(0);
  expect(stoppedAt).toBeLessThan(Buffer.byteLength(text));
  // What is mirrored is exactly the file's first lines, each one sample, nothing half-written.
  const mirrored = (await mirror.store.readMirror()).toString();
  expect(Buffer.byteLength(mirrored)).toBe(stoppedAt);
  expect(text.startsWith(mirrored)).toBe(true);
  expect(mirrored.endsWith('\n')).toBe(true);
  expect(mirror.store.samples.length).toBe(mirrored.split('\n').length - 1);
  // Paused means paused: nothing more arrives.
  await new Promise((r) => setTimeout(r, 300));
  expect(mirror.store.resumeOffset).toBe(stoppedAt);
  await mirror.close();

  // Later (another window, a restart): the store opens where it stopped and the rest follows once.
  const again = await open();
  expect(again.store.resumeOffset).toBe(stoppedAt);
  const progress: number[] = [];
  expect(await again.catchUp({ onProgress: (done) => progress.push(done) })).toBe(true);
  expect(progress[0]).toBe(stoppedAt);
  await until(() => again.store.samples.length === RECORDS, 'every sample');
  expect((await again.store.readMirror()).toString()).toBe(text);
  await again.close();
});

test('a mirror that already holds the file has nothing to catch up', async () => {
  writeRun(200);
  const mirror = await open();
  expect(await mirror.catchUp({})).toBe(true);
  await until(() => mirror.store.samples.length === 200, 'every sample');
  const progress: number[] = [];
  expect(await mirror.catchUp({ onProgress: (d) => progress.push(d) })).toBe(true);
  expect(progress).toEqual([]);
  await mirror.close();
});

test('closing the mirror (its run went away) ends a catch-up still waiting, and the copy with it', async () => {
  writeRun(2_000);
  const mirror = await open();
  const waiting = mirror.catchUp({});
  await mirror.close();
  expect(await waiting).toBe(false);
});

test("a heads-only run's first pass on the box reports progress in the file's bytes, pauses on Cancel, and resumes where it stopped", async () => {
  const heads: RunMirrorMode = { kind: 'heads', script, flushEntries: 500 };
  const { mirror, caughtUp } = await cancelledPartWay(heads);
  const bytes = Buffer.byteLength(text);
  expect(caughtUp).toBe(false);
  expect(mirror.paused).toBe(true);
  const stoppedAt = mirror.covered();
  expect(stoppedAt).toBeGreaterThan(0);
  expect(stoppedAt).toBeLessThan(bytes);
  // The heads taken are the file's first lines, whole, each at its own offset.
  const held = mirror.store.samples.length;
  expect(held).toBeGreaterThan(0);
  expect(held).toBeLessThan(RECORDS);
  const lastHeld = mirror.store.samples.at(held - 1)!;
  expect(lastHeld.offset + lastHeld.length + 1).toBe(stoppedAt);
  expect(text.slice(0, stoppedAt).split('\n').length - 1).toBe(held);
  await new Promise((r) => setTimeout(r, 300));
  expect(mirror.store.samples.length).toBe(held);
  await mirror.close();

  // Reopened: the same generation goes on from there to the end, every sample once.
  const again = await open(heads);
  expect(again.covered()).toBe(stoppedAt);
  const progress: number[] = [];
  expect(await again.catchUp({ onProgress: (done) => progress.push(done) })).toBe(true);
  expect(progress[0]).toBe(stoppedAt);
  expect(progress.at(-1)).toBe(bytes);
  expect(again.store.generation).toBe(0);
  expect(again.store.samples.length).toBe(RECORDS);
  const offsets: number[] = [];
  const buffer = Buffer.from(text);
  for (let at = 0; at < bytes; at = buffer.indexOf(0x0a, at) + 1) offsets.push(at);
  expect(again.store.samples.slice().map((e) => e.offset)).toEqual(offsets);
  await again.close();
});

test('a caller that only stops waiting leaves the copy going', async () => {
  writeRun(RECORDS);
  const mirror = await open();
  const abort = new AbortController();
  const waited = mirror.catchUp({ signal: abort.signal }, 'keep');
  abort.abort();
  expect(await waited).toBe(false);
  expect(mirror.paused).toBe(false);
  await until(() => mirror.store.samples.length === RECORDS, 'every sample');
  await mirror.close();
});
