import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importTapRecords } from '../../../src/core/importers/tapImporter';
import { scanRun } from '../../../src/core/metrics/behaviourScan';
import { sampleAnnotator } from '../../../src/core/store/annotateSample';
import { RunStore } from '../../../src/core/store/runStore';
import { demoSample, demoStepRecord } from '../../../src/core/demo/demoSamples';
import type { Profile } from '../../../src/core/toolcall/types';
import { RunViewerData } from '../../../src/core/viewer/runViewerData';
import type { RunNotice } from '../../../src/core/viewer/runViewerData';
import { DEFAULT_VIEWER_QUERY } from '../../../src/shared/protocol';
import type { ViewerQuery } from '../../../src/shared/protocol';

const PROFILE: Profile = { parser: 'qwen25', reasoningParser: 'qwen3', policy: 'sglang' };

describe('the viewer data service over a real store', () => {
  let dir: string;
  let store: RunStore;
  let data: RunViewerData;
  const notices: RunNotice[] = [];
  let text = '';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rs-viewer-data-'));
    for (let step = 0; step < 3; step++) {
      const samples = [];
      for (let group = 0; group < 6; group++)
        for (let index = 0; index < 4; index++) samples.push(demoSample(step, group, index));
      text += samples.map((s) => JSON.stringify(s)).join('\n') + '\n';
      text += JSON.stringify(demoStepRecord(step, samples)) + '\n';
    }
    store = await RunStore.open(dir, 'test', { annotate: sampleAnnotator(PROFILE) });
    data = new RunViewerData('run', store, PROFILE, (n) => notices.push(n), 5);
    store.ingest(Buffer.from(text));
    await store.flush();
    await store.diagnosed();
    await data.idle();
  });

  afterAll(() => {
    data.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('hands an export every row the query matches, in the table order, with searches finished', async () => {
    const query = {
      ...DEFAULT_VIEWER_QUERY,
      filter: 'reward < 1',
      sort: { column: 'reward' as const, descending: true },
    };
    const shown = data.rowsPage({ runKey: 'run', query, start: 0, count: 500 });
    const rows = await data.matchingRows(query);
    expect(rows.length).toBe(shown.total);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThan(72);
    expect(rows).toEqual(shown.rows);
    // A search still running when the export starts is waited for, not cut short.
    const needle = 'find_user_id_by_name_zip';
    const searched = await data.matchingRows({ ...DEFAULT_VIEWER_QUERY, search: needle });
    expect(searched.length).toBeGreaterThan(0);
    expect(searched.length).toBeLessThanOrEqual(store.samples.length);
    expect(
      data.rowsPage({
        runKey: 'run',
        query: { ...DEFAULT_VIEWER_QUERY, search: needle },
        start: 0,
        count: 500,
      }).searching,
    ).toBe(false);
  });

  it('hands an export of selected samples their rows in the order given', async () => {
    const keys = [
      { step: 2, evaluation: false, group: 5, index: 3 },
      { step: 0, evaluation: false, group: 1, index: 0 },
    ];
    const rows = await data.rowsOf(keys);
    expect(rows.map((r) => r.key)).toEqual(keys);
    expect(rows.every((r) => r.turns !== null && r.errors !== null)).toBe(true);
    await expect(data.rowsOf([{ step: 9, evaluation: false, group: 0, index: 0 }])).rejects.toThrow(
      'step-9/group-0/sample-0 is not in this run',
    );
  });

  it('gives every page the run-wide ranges the metric dots are coloured on, whatever the filter', () => {
    const all = data.rowsPage({ runKey: 'run', query: DEFAULT_VIEWER_QUERY, start: 0, count: 500 });
    const rewards = all.rows.map((r) => r.reward).filter((r): r is number => r !== null);
    const shaped = all.rows.map((r) => r.shaped).filter((r): r is number => r !== null);
    const advantages = all.rows.map((r) => Math.abs(r.advantage ?? 0));
    // These step records declare no reward range: both scales are what the run's rows span.
    expect(all.scales.reward).toEqual({
      min: Math.min(...rewards),
      max: Math.max(...rewards),
      source: 'observed',
    });
    expect(all.scales.shaped).toEqual({
      min: Math.min(...shaped),
      max: Math.max(...shaped),
      source: 'observed',
    });
    expect(all.scales.advantage?.maxAbs).toBe(Math.max(...advantages));
    expect(all.scales.length?.max).toBe(Math.max(...all.rows.map((r) => r.length ?? 0)));
    const few = data.rowsPage({
      runKey: 'run',
      query: { ...DEFAULT_VIEWER_QUERY, filter: 'reward == 1' },
      start: 0,
      count: 500,
    });
    expect(few.rows.length).toBeLessThan(all.rows.length);
    expect(few.scales).toEqual(all.scales);
  });

  it("finds a sample's row under the table's query, so opening it from the explorer shows its row", () => {
    const query: ViewerQuery = { ...DEFAULT_VIEWER_QUERY, sort: { column: 'reward', descending: true } };
    const rows = data.rowsPage({ runKey: 'run', query, start: 0, count: 500 }).rows;
    const key = rows[40]!.key;
    expect(data.rowIndex({ runKey: 'run', query, key })).toBe(40);
    // A row the filter hides has no place in the table.
    const hidden = { ...query, filter: `step != ${key.step}` };
    expect(data.rowIndex({ runKey: 'run', query: hidden, key })).toBeNull();
    expect(data.rowIndex({ runKey: 'run', query, key: { ...key, step: 99 } })).toBeNull();
  });

  it('says which rollouts never reached the trainer, per row and per step', () => {
    const page = data.rowsPage({ runKey: 'run', query: DEFAULT_VIEWER_QUERY, start: 0, count: 500 });
    const aborted = page.rows.filter((r) => r.status === 'aborted');
    expect(aborted.length).toBeGreaterThan(0);
    for (const r of aborted) expect(r.discarded).toBe('aborted');
    const zero = page.rows.filter((r) => r.discarded === 'zero-std');
    expect(zero.length).toBeGreaterThan(0);
    // A zero-std group is discarded as a whole, bar members with a more explicit reason.
    for (const r of zero)
      for (const m of page.rows.filter((x) => x.key.step === r.key.step && x.key.group === r.key.group))
        expect(m.discarded).not.toBeNull();
    const byFilter = data.rowsPage({
      runKey: 'run',
      query: { ...DEFAULT_VIEWER_QUERY, filter: 'discarded != null' },
      start: 0,
      count: 500,
    });
    expect(byFilter.total).toBe(page.rows.filter((r) => r.discarded !== null).length);
    const counted = data
      .overview()
      .steps.reduce((n, s) => n + s.discarded.aborted + s.discarded.removed + s.discarded['zero-std'], 0);
    expect(counted).toBe(byFilter.total);
  });

  it('pages rows with scanned extras, and a page never exceeds its limit', () => {
    const page = data.rowsPage({ runKey: 'run', query: DEFAULT_VIEWER_QUERY, start: 0, count: 10_000 });
    expect(page.total).toBe(72);
    expect(page.rows).toHaveLength(72);
    expect(page.unscanned).toBe(0);
    expect(page.bodiesOnBox).toBe(false);
    expect(page.rows.every((r) => r.turns !== null && r.calls !== null && r.length !== null)).toBe(true);
    expect(
      data.rowsPage({ runKey: 'run', query: DEFAULT_VIEWER_QUERY, start: 70, count: 10 }).rows,
    ).toHaveLength(2);
  });

  it("lists the run's pinned samples with their notes, and follows pins as they change", () => {
    const query = { ...DEFAULT_VIEWER_QUERY, filter: 'pinned == true' };
    const page = () => data.rowsPage({ runKey: 'run', query, start: 0, count: 500 });
    expect(page().total).toBe(0);
    const a = { step: 1, evaluation: false, group: 2, index: 3 };
    const b = { step: 2, evaluation: false, group: 0, index: 1 };
    data.setPins([
      { key: a, note: 'loops <think>' },
      { key: b, note: '' },
    ]);
    expect(page().rows.map((r) => [r.key, r.note])).toEqual([
      [a, 'loops <think>'],
      [b, ''],
    ]);
    const noted = data.rowsPage({
      runKey: 'run',
      query: { ...query, filter: 'note ~ LOOPS' },
      start: 0,
      count: 500,
    });
    expect(noted.rows.map((r) => r.key)).toEqual([a]);
    data.setPins([{ key: b, note: 'edited' }]);
    expect(page().rows.map((r) => [r.key, r.note])).toEqual([[b, 'edited']]);
    expect(
      data.rowsPage({ runKey: 'run', query: { ...query, filter: 'pinned == false' }, start: 0, count: 500 })
        .total,
    ).toBe(71);
    data.setPins([]);
  });

  it('sorts with unknown values last and filters by diagnostic code', () => {
    const q = { ...DEFAULT_VIEWER_QUERY, sort: { column: 'reward' as const, descending: true } };
    const rows = data.rowsPage({ runKey: 'run', query: q, start: 0, count: 500 }).rows;
    const rewards = rows.map((r) => r.reward ?? -Infinity);
    expect(rewards).toEqual([...rewards].sort((a, b) => b - a));
    const errs = data.rowsPage({
      runKey: 'run',
      query: { ...DEFAULT_VIEWER_QUERY, filter: 'errors > 0' },
      start: 0,
      count: 500,
    });
    expect(errs.total).toBe(store.samples.slice().filter((s) => s.errors! > 0).length);
    expect(errs.rows.every((r) => (r.codes ?? []).length > 0)).toBe(true);
  });

  it('computes GRPO advantages per group that sum to zero', () => {
    const rows = data.rowsPage({
      runKey: 'run',
      query: { ...DEFAULT_VIEWER_QUERY, filter: 'step == 0 and group == 2' },
      start: 0,
      count: 10,
    }).rows;
    expect(rows).toHaveLength(4);
    const advantages = rows.map((r) => r.advantage).filter((a): a is number => a !== null);
    if (advantages.length === 4) expect(Math.abs(advantages.reduce((a, b) => a + b, 0))).toBeLessThan(1e-6);
    else expect(new Set(rows.map((r) => r.shaped)).size).toBe(1);
  });

  it('builds a sample detail with turns, verdicts, the credit map and group facts', async () => {
    const detail = await data.sample({ step: 1, evaluation: false, group: 0, index: 0 });
    expect(detail.sample.turns.length).toBeGreaterThan(2);
    expect(detail.sample.turns.some((t) => t.analysis !== undefined)).toBe(true);
    expect(detail.group.size).toBe(4);
    expect(detail.group.indexes.sort()).toEqual([0, 1, 2, 3]);
    expect(detail.credit.some((c) => c.kind === 'db')).toBe(true);
    await expect(data.sample({ step: 9, evaluation: false, group: 0, index: 0 })).rejects.toThrow(
      /not in this run/,
    );
  });

  it('pairs the best and worst of a group for compare, keeping the selected sample in view', () => {
    const pair = data.comparePair({ step: 0, evaluation: false, group: 0, index: 1 })!;
    expect([pair.left.index, pair.right.index]).toContain(1);
    const entries = store.samples.slice().filter((s) => s.step === 0 && s.group === 0);
    const shaped = (i: number) => entries.find((e) => e.index === i)!.shapedReward!;
    expect(shaped(pair.left.index)).toBeGreaterThanOrEqual(shaped(pair.right.index));
  });

  it('aggregates every step for the overview from the index and the scan', () => {
    const o = data.overview();
    expect(o.steps.map((s) => s.step)).toEqual([0, 1, 2]);
    for (const s of o.steps) {
      expect(s.samples).toBe(24);
      expect(s.groups).toBe(6);
      const own = store.samples
        .slice()
        .filter((e) => e.step === s.step && e.reward !== null)
        .map((e) => e.reward!);
      expect(s.rewardMean).toBeCloseTo(own.reduce((a, b) => a + b, 0) / own.length, 9);
      expect(s.metrics['rollout/raw_reward']).toBeCloseTo(s.rewardMean!, 6);
    }
    expect(o.lengthUnit).toBe('tokens');
  });

  it("bins each step's rewards, lengths and turns over the run's range, matching the table's rows", () => {
    const o = data.overview();
    const rows = data.rowsPage({ runKey: 'run', query: DEFAULT_VIEWER_QUERY, start: 0, count: 500 }).rows;
    const cases = [
      ['reward', o.distributions.reward, (r: (typeof rows)[number]) => r.reward],
      ['length', o.distributions.length, (r: (typeof rows)[number]) => r.length],
      ['turns', o.distributions.turns, (r: (typeof rows)[number]) => r.turns],
    ] as const;
    for (const [name, d, value] of cases) {
      expect(d, name).not.toBeNull();
      expect(d!.steps.map((s) => s.step)).toEqual([0, 1, 2]);
      const all = rows.map(value).filter((v): v is number => v !== null);
      expect(d!.edges[0]).toBeLessThanOrEqual(Math.min(...all));
      expect(d!.edges.at(-1)).toBeGreaterThanOrEqual(Math.max(...all));
      for (const s of d!.steps) {
        const own = rows
          .filter((r) => r.key.step === s.step)
          .map(value)
          .filter((v): v is number => v !== null);
        expect(s.n, `${name} step ${s.step}`).toBe(own.length);
        expect(s.counts.reduce((a, b) => a + b, 0)).toBe(own.length);
        expect(s.min).toBe(Math.min(...own));
        expect(s.max).toBe(Math.max(...own));
        // The bin holding the step's largest value is counted.
        const top = d!.edges.findLastIndex((e, i) => i < d!.edges.length - 1 && e <= s.max);
        expect(s.counts[top]).toBeGreaterThan(0);
      }
    }
    expect(o.distributions.turns!.integer).toBe(true);
    expect(o.distributions.reward!.integer).toBe(false);
  });

  it('summarises pass@k per domain over the latest step when the run has no evals', () => {
    const e = data.evalSummary();
    expect(e.source).toBe('train');
    expect(e.step).toBe(2);
    expect(e.domains.reduce((n, d) => n + d.attempts, 0)).toBe(24);
    for (const d of e.domains) expect(d.passAtK['1']).toBeCloseTo(d.passHatK['1']!, 12);
  });

  it('counts behaviour flags per step, and the table finds and badges the flagged samples', async () => {
    const b = data.behaviour();
    expect(b.unscanned).toBe(0);
    expect(b.steps).toEqual([0, 1, 2]);
    const all = data.rowsPage({ runKey: 'run', query: DEFAULT_VIEWER_QUERY, start: 0, count: 500 }).rows;
    for (const f of b.flags) {
      const flagged = all.filter((r) => r.flags?.includes(f.flag));
      expect(f.samples).toBe(flagged.length);
      for (const step of b.steps)
        expect(f.byStep[step] ?? 0).toBe(flagged.filter((r) => r.key.step === step).length);
      const page = data.rowsPage({
        runKey: 'run',
        query: { ...DEFAULT_VIEWER_QUERY, filter: `flag == ${f.flag}` },
        start: 0,
        count: 500,
      });
      expect(page.filterError).toBeNull();
      expect(page.rows.map((r) => r.key)).toEqual(flagged.map((r) => r.key));
    }
    // The demo's repeated lookups are loops; its truncated samples are at the length limit.
    const loops = b.flags.find((f) => f.flag === 'loop')!;
    expect(loops.samples).toBeGreaterThan(0);
    const atLimit = b.flags.find((f) => f.flag === 'length-limit')!;
    expect(atLimit.samples).toBe(all.filter((r) => r.status === 'truncated').length);
    // The drift check reads the index's rewards; the CLI's reads whole samples: they agree.
    const samples = importTapRecords(text, 'rollouts.jsonl').samples;
    expect(b.shapedDrift).toEqual(scanRun(samples).shapedDrift);
    const looped = all.find((r) => r.flags?.includes('loop'))!;
    const detail = await data.sample(looped.key);
    const calls = detail.sample.turns.flatMap((t) => t.toolCalls.map((c) => c.name));
    expect(calls[0]).toBe(calls[1]);
    expect(calls[1]).toBe(calls[2]);
  });

  it('finds raw text in the records and notices new samples', async () => {
    const needle = "Thanks, that's all.";
    data.rowsPage({ runKey: 'run', query: { ...DEFAULT_VIEWER_QUERY, search: needle }, start: 0, count: 1 });
    await data.idle();
    const hits = data.rowsPage({
      runKey: 'run',
      query: { ...DEFAULT_VIEWER_QUERY, search: needle },
      start: 0,
      count: 500,
    });
    const expected = text
      .split('\n')
      .filter((l) => l.includes('"kind":"sample"') && l.includes(needle)).length;
    expect(hits.total).toBe(expected);
    expect(hits.total).toBeGreaterThan(0);
    notices.length = 0;
    store.ingest(Buffer.from(`${JSON.stringify(demoSample(3, 0, 0))}\n`));
    await store.flush();
    await new Promise((r) => setTimeout(r, 50));
    expect(notices.at(-1)?.samples).toBe(73);
  });
});
