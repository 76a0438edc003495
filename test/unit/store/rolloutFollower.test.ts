import { appendFileSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoSample } from '../../../src/core/demo/demoSamples';
import { RunStore } from '../../../src/core/store/runStore';
import { LocalTarget } from '../../../src/remote/localTarget';
import { RolloutFollower } from '../../../src/remote/rolloutFollower';
import { until } from '../../until';

const annotate = () => ({ errors: 0, warnings: 0, dropped: 0 });
const record = (i: number) =>
  `${JSON.stringify(demoSample(Math.floor(i / 24), Math.floor((i % 24) / 4), i % 4))}\n`;

describe('RolloutFollower on the local box', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rs-follow-'));
    file = join(dir, 'rollouts.jsonl');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('streams what is there and what is appended, across a restart, with no loss or duplicates', async () => {
    writeFileSync(file, Array.from({ length: 30 }, (_, i) => record(i)).join(''));
    const store = await RunStore.open(join(dir, 'store'), file, { annotate });
    const follower = new RolloutFollower(new LocalTarget(), file, store, { pollMs: 100 });
    follower.start();
    await until(() => store.samples.length === 30, '30 samples');
    // A half-written line is not taken until its newline arrives.
    appendFileSync(file, record(30).slice(0, 100));
    await new Promise((r) => setTimeout(r, 300));
    expect(store.samples).toHaveLength(30);
    appendFileSync(file, record(30).slice(100));
    await until(() => store.samples.length === 31, 'the completed line');
    await follower.stop();

    // VS Code restarts: a new follower over the reopened store carries on where the last one stopped.
    for (let i = 31; i < 60; i++) appendFileSync(file, record(i));
    const reopened = await RunStore.open(join(dir, 'store'), file, { annotate });
    const next = new RolloutFollower(new LocalTarget(), file, reopened, { pollMs: 100 });
    next.start();
    await until(() => reopened.samples.length === 60, '60 samples');
    await next.stop();
    expect((await reopened.readMirror()).toString()).toBe(
      Array.from({ length: 60 }, (_, i) => record(i)).join(''),
    );
  });

  it('stops when stopped at once, before its stream has started', async () => {
    writeFileSync(file, record(0) + record(1));
    const store = await RunStore.open(join(dir, 'store'), file, { annotate });
    for (let k = 0; k < 2; k++) {
      const follower = new RolloutFollower(new LocalTarget(), file, store, { pollMs: 100 });
      follower.start();
      if (k === 0) await until(() => store.samples.length === 2, 'the records');
      // A `tail -f` started after stop() was never aborted, and stop() waited for it forever.
      const stopped = await Promise.race([
        follower.stop().then(() => 'stopped'),
        new Promise((r) => setTimeout(() => r('still following'), 20_000)),
      ]);
      expect(stopped).toBe('stopped');
    }
    await store.close();
  });

  it('notices a restarted run (file replaced) and keeps the old records as a generation', async () => {
    writeFileSync(file, record(0) + record(1));
    const store = await RunStore.open(join(dir, 'store'), file, { annotate });
    const follower = new RolloutFollower(new LocalTarget(), file, store, { pollMs: 100 });
    follower.start();
    await until(() => store.samples.length === 2, 'first run');
    writeFileSync(join(dir, 'new.jsonl'), record(5));
    renameSync(join(dir, 'new.jsonl'), file);
    await until(() => store.generation === 1 && store.samples.length === 1, 'the new generation');
    await follower.stop();
    expect(store.samples.at(0)?.group).toBe(1);
  });
});
