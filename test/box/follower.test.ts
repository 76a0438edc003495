import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { TAP_RECORD_VERSION } from '../../src/core/records/tapRecord';
import { RunStore } from '../../src/core/store/runStore';
import { RolloutFollower } from '../../src/remote/rolloutFollower';
import { until } from '../until';
import { useTrustedBox } from './harness/trustedBox';

const annotate = () => ({ errors: 0, warnings: 0, dropped: 0 });
const box = useTrustedBox('rs-follow-box-');

/** A small but valid sample record; the index is in the content so any loss or repeat shows. */
const record = (i: number) =>
  `${JSON.stringify({
    kind: 'sample',
    v: TAP_RECORD_VERSION,
    ts: 1_700_000_000 + i,
    step: Math.floor(i / 64),
    evaluation: false,
    group: Math.floor(i / 8) % 8,
    index: i % 8,
    status: 'completed',
    reward: i % 3 === 0 ? 1 : 0,
    messages: [
      { role: 'assistant', content: `<tool_call>\n{"name": "noop", "arguments": {"i": ${i}}}\n</tool_call>` },
    ],
    metadata: { task_id: String(i % 50) },
  })}\n`;

test('20k records stream over ssh while the server side drops the connection ten times: the mirror equals the box', async () => {
  const { sshd, target, dir } = box();
  const file = join(dir, 'rollouts.jsonl');
  await writeFile(file, '');
  const store = await RunStore.open(join(dir, 'store'), `box:${file}`, { annotate });
  const follower = new RolloutFollower(target, file, store, { pollMs: 200, retryMs: 50 });
  follower.start();
  const total = 20_000;
  let written = 0;
  const writer = (async () => {
    // Bursts of records with a pause between, as rollouts arrive: the stream is alive during the kills.
    while (written < total) {
      const n = Math.min(250, total - written);
      await appendFile(file, Array.from({ length: n }, (_, k) => record(written + k)).join(''));
      written += n;
      await new Promise((r) => setTimeout(r, 30));
    }
  })();
  let kills = 0;
  while (kills < 10) {
    await new Promise((r) => setTimeout(r, 250));
    await sshd.killConnections();
    kills += 1;
  }
  await writer;
  await until(
    () => store.samples.length === total,
    `${total} samples (have ${store.samples.length})`,
    60_000,
  );
  await follower.stop();
  expect(kills).toBe(10);
  expect((await store.readMirror()).equals(await readFile(file))).toBe(true);
  expect(store.problems).toEqual([]);
  expect(new Set(store.samples.slice().map((s) => s.offset)).size).toBe(total);
}, 120_000);

test('a new follower over the reopened store resumes mid-stream with no loss and no duplicate', async () => {
  const { target, dir } = box();
  const file = join(dir, 'resume.jsonl');
  await writeFile(file, Array.from({ length: 3000 }, (_, i) => record(i)).join(''));
  const storeDir = join(dir, 'resume-store');
  const first = await RunStore.open(storeDir, `box:${file}`, { annotate });
  const one = new RolloutFollower(target, file, first, { pollMs: 200 });
  one.start();
  await until(() => first.samples.length > 0, 'the first records');
  // Stopped mid-stream, as when VS Code closes while the run goes on: the window's store closes too
  // (its diagnostics pass would otherwise go on writing meta.json beside the reopened store).
  await one.stop();
  await first.close();
  const seen = first.samples.length;
  await appendFile(file, Array.from({ length: 2000 }, (_, i) => record(3000 + i)).join(''));
  const second = await RunStore.open(storeDir, `box:${file}`, { annotate });
  expect(second.samples.length).toBe(seen);
  const two = new RolloutFollower(target, file, second, { pollMs: 200 });
  two.start();
  await until(() => second.samples.length === 5000, '5000 samples');
  await two.stop();
  expect((await second.readMirror()).equals(await readFile(file))).toBe(true);
}, 60_000);
