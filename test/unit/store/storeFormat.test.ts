import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoSample, demoStepRecord } from '../../../src/core/demo/demoSamples';
import { promptHash } from './headOracle';
import { RunStore, STORE_FORMAT } from '../../../src/core/store/runStore';
import { SampleRows } from '../../../src/core/viewer/sampleRows';

const annotate = () => ({ errors: 0, warnings: 0, dropped: 0 });

/** A step record whose trained list is the given samples (what log_rollout received). */
function stepWithTrained(step: number, trained: ReturnType<typeof demoSample>[]) {
  return {
    ...demoStepRecord(step, trained),
    rewards: trained.map((s) => ({ group: s.group, index: s.index, raw: s.reward })),
  };
}

describe('store index format', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rs-format-'));
  });
  // Retried: a store a test left open may still be counting diagnostics into the folder.
  afterEach(() => rmSync(dir, { recursive: true, force: true, maxRetries: 5 }));

  it("keeps each step's trained list and each sample's prompt hash, across reopening", async () => {
    const samples = [0, 1, 2, 3].map((i) => demoSample(0, 0, i));
    const text = [...samples, stepWithTrained(0, samples.slice(0, 3))]
      .map((r) => JSON.stringify(r))
      .join('\n');
    const store = await RunStore.open(dir, 'test', { annotate });
    store.ingest(Buffer.from(`${text}\n`));
    await store.flush();
    const reopened = await RunStore.open(dir, 'test', { annotate });
    expect(reopened.steps.get('train:0')?.trained).toEqual([
      [0, 0],
      [0, 1],
      [0, 2],
    ]);
    expect(reopened.samples.at(0)?.promptHash).toBe(promptHash(samples[0]!.messages));
    expect(reopened.samples.at(0)?.promptHash).toMatch(/^[0-9a-f]{16}$/);
  });

  it('migrates a format-1 store from its own records, keeping unreadable-line reports', async () => {
    const samples = [0, 1].map((i) => demoSample(2, 1, i));
    const records = [...samples, stepWithTrained(2, samples.slice(0, 1))].map(
      (r) => `${JSON.stringify(r)}\n`,
    );
    const recordsText = records.join('');
    // A format-1 index: sample rows without prompt hash, step rows without trained lists, a problem row.
    let offset = 0;
    const rows = samples.map((s, i) => {
      const row = ['s', offset, records[i]!.length - 1, 2, 0, 1, i, 0, s.reward, null, 0, 0, null, null];
      offset += records[i]!.length;
      return JSON.stringify(row);
    });
    rows.push(JSON.stringify(['t', 2, 0, {}]), JSON.stringify(['p', 3, 'not valid JSON: x']));
    const index = `${rows.join('\n')}\n`;
    writeFileSync(join(dir, 'records.jsonl'), recordsText);
    writeFileSync(join(dir, 'index.jsonl'), index);
    const meta = {
      format: 1,
      source: 'box:/runs/x/rollouts.jsonl',
      remoteIno: 7,
      remoteOffset: 999,
      remoteLines: 4,
      mirrorBytes: Buffer.byteLength(recordsText),
      indexBytes: Buffer.byteLength(index),
      generation: 0,
    };
    writeFileSync(join(dir, 'meta.json'), JSON.stringify(meta));
    const store = await RunStore.open(dir, 'test', { annotate });
    expect(store.samples.slice().map((s) => [s.step, s.group, s.index, s.offset])).toEqual([
      [2, 1, 0, 0],
      [2, 1, 1, records[0]!.length],
    ]);
    expect(store.samples.slice().every((s) => s.promptHash !== null)).toBe(true);
    expect(store.steps.get('train:2')?.trained).toEqual([[1, 0]]);
    expect(store.problems).toEqual([{ line: 3, message: 'not valid JSON: x' }]);
    // The follower resumes where it was: nothing is fetched again.
    expect(store.resumeOffset).toBe(999);
    expect(store.remoteIno).toBe(7);
    const saved = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as { format: number };
    expect(saved.format).toBe(STORE_FORMAT);
    expect(await store.readSample(store.samples.at(1)!)).toEqual(samples[1]);
  });

  it('marks samples of a step record that are not in its trained list as never trained', async () => {
    // Group 0 has reward spread (trained); group 1's sample 1 is an over-sampling leftover.
    const samples = [demoSample(0, 0, 0), demoSample(0, 0, 1), demoSample(0, 1, 0), demoSample(0, 1, 1)];
    samples[0]!.reward = 1;
    samples[1]!.reward = 0;
    samples[2]!.reward = 1;
    samples[3]!.reward = 0;
    for (const s of samples) {
      s.shapedReward = null;
      s.status = 'completed';
    }
    const eval0 = { ...demoSample(0, 0, 0), evaluation: true };
    const text = [...samples, eval0, stepWithTrained(0, samples.slice(0, 3))]
      .map((r) => JSON.stringify(r))
      .join('\n');
    const store = await RunStore.open(dir, 'test', { annotate });
    store.ingest(Buffer.from(`${text}\n`));
    await store.flush();
    const rows = new SampleRows(store.samples, [], store.steps);
    rows.update();
    expect([0, 1, 2, 3, 4].map((seq) => rows.discarded(seq, false))).toEqual([
      null,
      null,
      null,
      'never-trained',
      null,
    ]);
    // Without a step record nothing is known about what was trained.
    const noSteps = new SampleRows(store.samples, []);
    noSteps.update();
    expect(noSteps.discarded(3, false)).toBeNull();
  });
});
