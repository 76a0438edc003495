import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { importTau2ResultsFile } from '../../src/core/importers/tau2Results';
import { sampleAnnotator } from '../../src/core/store/annotateSample';
import { parseProfile } from '../../src/core/toolcall/profile';
import { toTapRecords } from '../../src/core/trajectory/toTapRecords';
import { RunMirror } from '../../src/remote/runMirror';
import type { SshTarget } from '../../src/remote/sshTarget';
import { until } from '../until';
import { clientHome, poolFor, ScriptedPrompts, type ClientHome } from './harness/sshBox';
import { Sshd } from './harness/sshd';

// A run browsed without mirroring it, over a real sshd: the box's python3 makes the heads index, only the
// index crosses the connection, and a sample's body is an SFTP read at its offset.

const root = join(import.meta.dirname, '..', '..');
let sshd: Sshd;
let client: ClientHome;
let target: SshTarget;
let runDir: string;

beforeAll(async () => {
  sshd = await Sshd.start();
  client = await clientHome({ box: { sshd } }, { trust: [sshd] });
  target = await poolFor(client, new ScriptedPrompts()).target('box');
  runDir = join(sshd.dir, 'run');
  await mkdir(runDir);
});
afterAll(async () => {
  await target?.close();
  await client?.remove();
  await sshd?.stop();
});

test('readRange reads only the asked bytes of a file on the box, and fewer where the file ends', async () => {
  const data = randomBytes(300 * 1024 + 3);
  await writeFile(join(runDir, 'blob.bin'), data);
  expect(
    (await target.readRange(join(runDir, 'blob.bin'), 70_001, 100_000)).equals(
      data.subarray(70_001, 170_001),
    ),
  ).toBe(true);
  expect(
    (await target.readRange(join(runDir, 'blob.bin'), data.length - 5, 50)).equals(data.subarray(-5)),
  ).toBe(true);
});

test('heads only over SSH: the same samples, records and diagnostics as the mirrored run', async () => {
  const tau2 = importTau2ResultsFile(
    await readFile(
      join(root, 'test', 'fixtures', 'upstream', 'tau2', 'gpt-4.1_telecom_no-user_4trials_5tasks.json'),
      'utf8',
    ),
    'tau2.json',
  );
  const tap = await readFile(join(root, 'test', 'fixtures', 'trajectory', 'tap-rollouts.jsonl'), 'utf8');
  const text =
    tap +
    toTapRecords(tau2.samples, tau2.steps)
      .map((r) => `${JSON.stringify(r)}\n`)
      .join('');
  await writeFile(join(runDir, 'rollouts.jsonl'), text);
  const script = await readFile(join(root, 'media', 'rollout_heads.py'), 'utf8');
  const open = (mode: 'all' | 'heads') =>
    RunMirror.open({
      target,
      runDir,
      storeDir: join(sshd.dir, `store-${mode}`),
      annotate: sampleAnnotator(parseProfile({})),
      onError: (e) => {
        throw e;
      },
      mode: mode === 'all' ? { kind: 'all' } : { kind: 'heads', script },
    });
  const all = await open('all');
  const heads = await open('heads');
  try {
    await until(() => all.store.resumeOffset === Buffer.byteLength(text), 'the mirror');
    await all.store.diagnosed();
    await until(() => heads.store.samples.length === all.store.samples.length, 'the heads');
    // The heads index sits beside the run on the box.
    expect((await target.stat(join(runDir, 'rollouts.heads.jsonl')))?.size).toBeGreaterThan(256);
    const strip = (s: typeof all.store) =>
      s.samples.slice().map(({ offset: _o, errors: _e, warnings: _w, dropped: _d, ...rest }) => rest);
    expect(strip(heads.store)).toEqual(strip(all.store));
    expect(all.store.samples.length).toBe(
      tau2.samples.length + tap.split('\n').filter((l) => l.includes('"kind": "sample"')).length,
    );
    for (let seq = 0; seq < all.store.samples.length; seq++) {
      const h = heads.store.samples.at(seq)!;
      const m = all.store.samples.at(seq)!;
      expect(await heads.store.readSample(h)).toEqual(await all.store.readSample(m));
      const counted = heads.store.samples.at(seq)!;
      expect([counted.errors, counted.warnings, counted.dropped]).toEqual([m.errors, m.warnings, m.dropped]);
      // Every body is the box file's own bytes at the head's range.
      expect((await target.readRange(join(runDir, 'rollouts.jsonl'), h.offset, h.length)).toString()).toBe(
        text.split('\n')[h.line! - 1],
      );
    }
  } finally {
    await heads.close();
    await all.close();
  }
});
