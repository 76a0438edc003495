import {
  appendFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importTau2ResultsFile } from '../../../src/core/importers/tau2Results';
import { sampleAnnotator } from '../../../src/core/store/annotateSample';
import { SAMPLE_ROW } from '../../../src/core/store/headsLine';
import { RunStore } from '../../../src/core/store/runStore';
import type { SampleEntry } from '../../../src/core/store/sampleIndex';
import { parseProfile } from '../../../src/core/toolcall/profile';
import { toTapRecords } from '../../../src/core/trajectory/toTapRecords';
import { HeadsFollower } from '../../../src/remote/headsFollower';
import { LocalTarget } from '../../../src/remote/localTarget';
import { RunMirror } from '../../../src/remote/runMirror';
import { until } from '../../until';

// A run browsed by its heads (media/rollout_heads.py on the box, bodies read by byte range) must list and
// open exactly what the mirrored run does. The run here is real material: the tap's own records, the
// published tau2 results converted as `rollout-studio convert` does (and again laid out body first, as v1
// writers do), slime sample dicts that are not tap records, and lines no reader takes.

const fixtures = join(import.meta.dirname, '..', '..', 'fixtures');
const script = readFileSync(join(import.meta.dirname, '..', '..', '..', 'media', 'rollout_heads.py'), 'utf8');

function realRun(): string {
  const tap = readFileSync(join(fixtures, 'trajectory', 'tap-rollouts.jsonl'), 'utf8');
  const tau2 = importTau2ResultsFile(
    readFileSync(join(fixtures, 'upstream', 'tau2', 'gpt-4.1_telecom_no-user_4trials_5tasks.json'), 'utf8'),
    'tau2.json',
  );
  const converted = toTapRecords(tau2.samples, tau2.steps).map((r) => JSON.stringify(r));
  // Body first with the task in the metadata, as foreign writers lay records out (format v1).
  const bodyFirst = toTapRecords(tau2.samples.slice(0, 6)).map((r) => {
    const { kind, v: _v, messages, tools, metadata, taskId, domain, ...head } = r as Record<string, unknown>;
    return JSON.stringify({
      kind,
      v: 1,
      messages,
      tools,
      metadata: { ...(metadata as object), task_id: taskId, domain },
      ...head,
    });
  });
  const slimeDicts = readFileSync(join(fixtures, 'trajectory', 'tau2-recipe-samples.jsonl'), 'utf8')
    .split('\n')
    .slice(0, 2);
  const unreadable = [
    'not json at all',
    '{"kind": "sample", "v": 2, "ts": 1, "step": 0, "evaluation": false, "group": 9, "index": 0, "status": "completed", "reward": NaN, "messages": []}',
    '{"kind": "sample", "v": 9, "ts": 1}',
    '',
    // Heads the box sends as flat rows whose values the extension refuses, as it refuses them mirrored.
    '{"kind": "sample", "v": 2, "ts": 1, "step": 0, "evaluation": false, "group": 9, "index": 1, "status": "done", "reward": 1, "messages": []}',
    '{"kind": "sample", "v": 2, "ts": 1, "step": -1, "evaluation": false, "group": 9, "index": 2, "status": "completed", "reward": 1, "messages": []}',
    '{"kind": "sample", "v": 2, "ts": 1, "step": 0, "evaluation": "no", "group": 9, "index": 3, "status": "completed", "reward": "1", "messages": []}',
    '{"kind": "sample", "v": 99, "ts": 1, "step": 0, "evaluation": false, "group": 9, "index": 4, "status": "completed", "reward": 1, "messages": []}',
    // And one the box keeps as a head: its ts is not a number.
    '{"kind": "sample", "v": 2, "ts": "now", "step": 0, "evaluation": false, "group": 9, "index": 5, "status": "completed", "reward": 1, "messages": []}',
  ];
  return [tap.trimEnd(), ...converted, ...unreadable, ...bodyFirst, ...slimeDicts].join('\n') + '\n';
}

/** What the index says of a sample, without where the record sits (the mirror's file or the box's). */
function indexed(e: SampleEntry): Omit<SampleEntry, 'offset' | 'errors' | 'warnings' | 'dropped'> {
  const { offset: _o, errors: _e, warnings: _w, dropped: _d, ...rest } = e;
  return rest;
}

const counts = (store: RunStore) =>
  store.samples.slice().map((e) => ({ errors: e.errors, warnings: e.warnings, dropped: e.dropped ?? null }));

describe('a run browsed by its heads, bodies read on demand', () => {
  let dir: string;
  let runDir: string;
  const opened: RunMirror[] = [];
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rs-heads-'));
    runDir = join(dir, 'run');
  });
  afterEach(async () => {
    for (const m of opened.splice(0)) await m.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const open = async (mode: 'all' | 'heads', storeDir = join(dir, `store-${mode}`)) => {
    const mirror = await RunMirror.open({
      target: new LocalTarget(),
      runDir,
      storeDir,
      annotate: sampleAnnotator(parseProfile({})),
      onError: (e) => {
        throw e;
      },
      mode: mode === 'all' ? { kind: 'all' } : { kind: 'heads', script },
    });
    opened.push(mirror);
    return mirror;
  };

  it('lists the same samples, steps and unreadable lines, and opens the same records with the same diagnostics', async () => {
    const text = realRun();
    mkdirSync(runDir);
    writeFileSync(join(runDir, 'rollouts.jsonl'), text);

    const all = await open('all');
    await until(() => all.store.resumeOffset === Buffer.byteLength(text), 'the mirror');
    await all.store.diagnosed();
    const heads = await open('heads');
    await until(
      () => heads.store.samples.length === all.store.samples.length && heads.store.samples.length > 0,
      'the heads',
    );

    expect(all.store.samples.length).toBeGreaterThan(30);
    expect(heads.store.headsOnly).toBe(true);
    expect(heads.store.samples.slice().map(indexed)).toEqual(all.store.samples.slice().map(indexed));
    expect([...heads.store.steps.values()]).toEqual([...all.store.steps.values()]);
    expect(heads.store.problems).toEqual(all.store.problems);
    expect(all.store.problems.length).toBeGreaterThanOrEqual(5);
    // Nothing of the bodies was copied, and nothing is counted before a body is read.
    expect(heads.store.samples.slice().every((e) => e.errors === null)).toBe(true);
    expect(heads.store.searchScope()).toEqual({
      where: 'fetched',
      bodies: 0,
      samples: heads.store.samples.length,
    });
    expect(await heads.store.searchText('airline')).toEqual(new Set());

    // The box's offsets are the file's own: each body is the line at that range.
    const bytes = Buffer.from(text);
    for (let seq = 0; seq < heads.store.samples.length; seq++) {
      const h = heads.store.samples.at(seq)!;
      expect(bytes.toString('utf8', h.offset, h.offset + h.length)).toBe(text.split('\n')[h.line! - 1]);
      expect(await heads.store.readSample(h)).toEqual(await all.store.readSample(all.store.samples.at(seq)!));
    }
    await heads.store.flush();
    expect(counts(heads.store)).toEqual(counts(all.store));
    expect(counts(all.store).some((c) => (c.errors ?? 0) > 0)).toBe(true);

    // Searches look through what was fetched, now every body: the same records as the mirror's search.
    expect(heads.store.searchScope().bodies).toBe(heads.store.samples.length);
    const lineOf = (store: RunStore, offsets: Set<number>) =>
      store.samples
        .slice()
        .filter((e) => offsets.has(e.offset))
        .map((e) => e.line);
    for (const word of ['airline', 'SIM card', 'transfer_to_human']) {
      expect(lineOf(heads.store, await heads.store.searchText(word))).toEqual(
        lineOf(all.store, await all.store.searchText(word)),
      );
    }
  });

  it('resumes where it stopped, takes only whole lines, keeps counts across a reopen, and starts over for a restarted run', async () => {
    const text = realRun();
    const cut = text.split('\n');
    mkdirSync(runDir);
    const file = join(runDir, 'rollouts.jsonl');
    const firstPart = cut.slice(0, 10).join('\n') + '\n';
    writeFileSync(file, firstPart + cut[10]!.slice(0, 50));
    const storeDir = join(dir, 'store-heads');
    let heads = await open('heads', storeDir);
    const firstSamples = firstPart
      .split('\n')
      .filter((l) => l.includes('"kind": "sample"') || l.includes('"kind":"sample"')).length;
    expect(firstSamples).toBeGreaterThan(5);
    await until(() => heads.store.samples.length === firstSamples, 'the samples of the whole lines');
    // The cut line is not taken until its newline arrives.
    await new Promise((r) => setTimeout(r, 300));
    expect(heads.store.samples.length).toBe(firstSamples);
    const first = heads.store.samples.at(3)!;
    const record = await heads.store.readSample(first);
    await heads.store.flush();
    const counted = heads.store.samples.at(3)!.errors;
    expect(counted).not.toBeNull();
    await heads.close();
    opened.splice(opened.indexOf(heads), 1);

    appendFileSync(file, text.slice(firstPart.length + 50));
    heads = await open('heads', storeDir);
    // Reopened from its own files: the heads and the counted diagnostics, before the box answers.
    expect(heads.store.samples.at(3)!.errors).toBe(counted);
    const all = await open('all');
    await until(() => all.store.resumeOffset === Buffer.byteLength(text), 'the mirror');
    await until(() => heads.store.samples.length === all.store.samples.length, 'the rest of the heads');
    expect(heads.store.samples.slice().map(indexed)).toEqual(all.store.samples.slice().map(indexed));
    expect(heads.store.problems).toEqual(all.store.problems);
    expect(await heads.store.readSample(heads.store.samples.at(3)!)).toEqual(record);

    // The run restarts: a new file at the same path. The heads start a new generation from its start.
    writeFileSync(join(runDir, 'next.jsonl'), cut.slice(20, 25).join('\n') + '\n');
    renameSync(join(runDir, 'next.jsonl'), file);
    await until(
      () => heads.store.generation === 1 && heads.store.samples.length > 0,
      'the new generation',
      60_000,
    );
    const fresh = heads.store.samples.at(0)!;
    expect(fresh.offset).toBe(0);
    expect(await heads.store.readSample(fresh)).toEqual(JSON.parse(cut[20]!));
  }, 120_000);

  it('makes the same heads index after an interrupted append as in one pass, and resumes without reading again', () => {
    const text = realRun();
    mkdirSync(runDir);
    const file = join(runDir, 'rollouts.jsonl');
    const headsFile = join(runDir, 'rollouts.heads.jsonl');
    const build = () =>
      gunzipSync(execFileSync('python3', ['-c', script, file, headsFile, '0', '-1'])).toString();
    writeFileSync(file, text);
    build();
    const whole = readFileSync(headsFile);
    // A pass that died after appending heads but before its header committed them: they are made again.
    const half = Buffer.byteLength(text.slice(0, text.length >> 1));
    writeFileSync(file, Buffer.from(text).subarray(0, half));
    rmSync(headsFile);
    build();
    appendFileSync(headsFile, '[1,2,3,"torn');
    writeFileSync(file, text);
    build();
    expect(readFileSync(headsFile).equals(whole)).toBe(true);
    // The answer from an offset is the index from there, after a status line naming where it starts.
    const header = JSON.parse(whole.toString('utf8', 0, 256)) as { bytes: number; ino: number };
    const answer = gunzipSync(
      execFileSync('python3', ['-c', script, file, headsFile, '256', String(header.ino)]),
    ).toString();
    const [status, ...rest] = answer.split('\n');
    expect(JSON.parse(status!)).toMatchObject({ ino: header.ino, from: 256 });
    expect(rest.join('\n')).toBe(whole.toString('utf8', 256));

    // A pass that sent heads past its last commit and stopped: asked again from where the extension got
    // to, the script makes those bytes again without sending them twice, then sends the rest.
    const got = whole.indexOf(0x0a, whole.length >> 1) + 1;
    const uncommitted = Buffer.from(whole);
    uncommitted.write(
      JSON.stringify({ v: 2, ino: header.ino, end: 0, lines: 0, bytes: 256 }).padEnd(255) + '\n',
      0,
    );
    writeFileSync(headsFile, uncommitted.subarray(0, 256));
    const again = gunzipSync(
      execFileSync('python3', ['-c', script, file, headsFile, String(got), String(header.ino)]),
    ).toString();
    const [againStatus, ...againRest] = again.split('\n');
    expect(JSON.parse(againStatus!)).toEqual({ ino: header.ino, from: got });
    expect(againRest.join('\n')).toBe(whole.toString('utf8', got));
    expect(readFileSync(headsFile).equals(whole)).toBe(true);
  });

  it('sends a v2 sample as a flat row of its fields and anything else as a head, and remakes an index of the older layout', () => {
    mkdirSync(runDir);
    const file = join(runDir, 'rollouts.jsonl');
    const headsFile = join(runDir, 'rollouts.heads.jsonl');
    const text = realRun();
    writeFileSync(file, text);
    const build = () =>
      gunzipSync(execFileSync('python3', ['-c', script, file, headsFile, '0', '-1'])).toString();
    build();
    const made = readFileSync(headsFile, 'utf8');
    const rows = made
      .slice(256)
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as unknown[]);
    const lines = text.split('\n');
    const flat = rows.filter((r) => r.length === 14);
    const general = rows.filter((r) => r.length === 5);
    expect(flat.length + general.length).toBe(rows.length);
    // Every v2 sample with the fields of one (the tap's, the converted tau2 results', the refused ones
    // above) is flat; v1 records, steps, unreadable lines and a sample whose ts is not a number are not.
    const required = ['v', 'ts', 'step', 'evaluation', 'group', 'index', 'status', 'reward'];
    const v2Samples = lines.filter((l) => {
      let r: Record<string, unknown>;
      try {
        r = JSON.parse(l) as Record<string, unknown>;
      } catch {
        return false;
      }
      return (
        r.kind === 'sample' &&
        required.every((k) => k in r) &&
        typeof r.v === 'number' &&
        r.v >= 2 &&
        typeof r.ts === 'number'
      );
    }).length;
    expect(flat.length).toBe(v2Samples);
    expect(v2Samples).toBeGreaterThan(30);
    const first = lines.findIndex((l) => /"kind": ?"sample", ?"v": ?2/.test(l));
    const record = JSON.parse(lines[first]!) as Record<string, unknown>;
    expect(flat[0]!.slice(0, 3)).toEqual([
      Buffer.byteLength(lines.slice(0, first).join('\n')) + (first > 0 ? 1 : 0),
      Buffer.byteLength(lines[first]!),
      first + 1,
    ]);
    // The row's fields in the order the reader takes them.
    expect(flat[0]!.slice(4)).toEqual(SAMPLE_ROW.map((k) => record[k] ?? null));
    expect(
      general.some(
        (r) => typeof r[3] === 'object' && r[3] !== null && (r[3] as { kind?: string }).kind === 'step',
      ),
    ).toBe(true);

    // An index written in the first layout (header v 1) is made again, whole, in this one.
    const older = Buffer.from(made);
    older.write('{"v":1,', 0);
    writeFileSync(headsFile, Buffer.concat([older.subarray(0, 256), Buffer.from('[0,1,1,"stale",null]\n')]));
    build();
    expect(readFileSync(headsFile, 'utf8')).toBe(made);
  });

  it('adds an answer to the store while it streams in, committed in pieces, the same as in one piece', async () => {
    mkdirSync(runDir);
    // Long enough for its heads to arrive in many decompressed chunks.
    const text = realRun().repeat(20);
    writeFileSync(join(runDir, 'rollouts.jsonl'), text);
    const all = await open('all');
    await until(() => all.store.resumeOffset === Buffer.byteLength(text), 'the mirror');
    const store = await RunStore.open(join(dir, 'store-pieces'), 'box:run', {
      annotate: sampleAnnotator(parseProfile({})),
      bodies: 'box',
    });
    try {
      const seen: number[] = [];
      store.onChange(() => seen.push(store.samples.length));
      const follower = new HeadsFollower(
        new LocalTarget(),
        join(runDir, 'rollouts.jsonl'),
        join(runDir, 'rollouts.heads.jsonl'),
        script,
        store,
        { flushEntries: 10 },
      );
      await follower.poll();
      // One round, several commits, each one more of the same samples.
      expect(seen.length).toBeGreaterThan(1);
      expect(seen).toEqual([...seen].sort((a, b) => a - b));
      expect(seen.at(-1)).toBe(all.store.samples.length);
      expect(store.samples.slice().map(indexed)).toEqual(all.store.samples.slice().map(indexed));
      expect(store.problems).toEqual(all.store.problems);
      expect([...store.steps.values()]).toEqual([...all.store.steps.values()]);
    } finally {
      await store.close();
    }
  });

  it('names the heads index and the byte of a damaged line, and commits the lines before it', async () => {
    mkdirSync(runDir);
    const file = join(runDir, 'rollouts.jsonl');
    const headsFile = join(runDir, 'rollouts.heads.jsonl');
    writeFileSync(file, realRun());
    execFileSync('python3', ['-c', script, file, headsFile, '0', '-1']);
    const heads = readFileSync(headsFile);
    const second = heads.indexOf(0x0a, 257) + 1;
    heads.fill('x'.charCodeAt(0), second, second + 20);
    writeFileSync(headsFile, heads);
    const errors: Error[] = [];
    const mirror = await RunMirror.open({
      target: new LocalTarget(),
      runDir,
      storeDir: join(dir, 'store'),
      annotate: sampleAnnotator(parseProfile({})),
      onError: (e) => errors.push(e),
      mode: { kind: 'heads', script },
    });
    opened.push(mirror);
    await until(() => errors.length > 1, 'an error, and the same one next round');
    for (const e of errors.slice(0, 2)) {
      expect(e.message).toMatch(
        new RegExp(`rollouts\\.heads\\.jsonl, byte ${second}: not a heads index line`),
      );
    }
    // The line before it is committed (the next round asks from the damaged one), nothing after it is.
    expect(mirror.store.samples.length).toBe(1);
    expect(mirror.store.resumeOffset).toBe(second);
  });

  it('says what is wrong when the box cannot make the heads', async () => {
    mkdirSync(runDir);
    writeFileSync(join(runDir, 'rollouts.jsonl'), realRun());
    // The heads index's place is taken by a folder: the box's answer names the file and the reason.
    mkdirSync(join(runDir, 'rollouts.heads.jsonl'));
    const errors: Error[] = [];
    const mirror = await RunMirror.open({
      target: new LocalTarget(),
      runDir,
      storeDir: join(dir, 'store'),
      annotate: sampleAnnotator(parseProfile({})),
      onError: (e) => errors.push(e),
      mode: { kind: 'heads', script },
    });
    opened.push(mirror);
    await until(() => errors.length > 0, 'an error');
    expect(errors[0]!.message).toMatch(
      /indexing .*rollouts\.jsonl with the box's python3 failed: .*Is a directory/,
    );
  });
});
