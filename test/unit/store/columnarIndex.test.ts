import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoSample, demoStepRecord } from '../../../src/core/demo/demoSamples';
import { importText } from '../../../src/core/importers/importText';
import { SampleRecordSchema } from '../../../src/core/records/tapRecord';
import { sampleAnnotator } from '../../../src/core/store/annotateSample';
import { RolloutTree, isZeroStd, stepReward } from '../../../src/core/store/rolloutTree';
import { RunStore } from '../../../src/core/store/runStore';
import { explorerMatcher } from '../../../src/core/store/explorerChoices';
import type { ExplorerFilter } from '../../../src/core/store/explorerChoices';
import { INDEXED_STATUSES, stepKey } from '../../../src/core/store/sampleIndex';
import type { SampleEntry } from '../../../src/core/store/sampleIndex';
import { parseProfile } from '../../../src/core/toolcall/profile';
import { toTapRecords } from '../../../src/core/trajectory/toTapRecords';
import { expectedHead } from './headOracle';

// The columnar index against the plain reading of the same records (JSON.parse of every line, the
// diagnostics engine on each sample, objects grouped by hand), on real data: the demo run, the tap's
// fixture, a tau2-bench results file and tau2 recipe samples as Open Rollout File converts them.

const annotate = sampleAnnotator(parseProfile({}));
const fixture = (name: string) => readFileSync(join(__dirname, '../../fixtures/trajectory', name), 'utf8');
const jsonl = (records: readonly unknown[]) => records.map((r) => `${JSON.stringify(r)}\n`).join('');

function demoRun(): string {
  const records: unknown[] = [];
  for (let step = 0; step < 4; step++) {
    const samples = [];
    for (let g = 0; g < 6; g++) for (let i = 0; i < 4; i++) samples.push(demoSample(step, g, i));
    records.push(...samples, demoStepRecord(step, samples));
  }
  return jsonl(records);
}

const DATA: [string, () => string][] = [
  ['the demo run', demoRun],
  ['the tap fixture (tap-rollouts.jsonl)', () => fixture('tap-rollouts.jsonl')],
  [
    'a tau2-bench results file, converted',
    () =>
      jsonl(
        toTapRecords(importText('tau2', fixture('tau2-v0-telecom-gpt41-trimmed.json'), 'tau2.json').samples),
      ),
  ],
  [
    'tau2 recipe samples, converted',
    () =>
      jsonl(toTapRecords(importText('tau2-recipe', fixture('tau2-recipe-samples.jsonl'), 'r.jsonl').samples)),
  ],
];

/** Every sample entry the records make, read the plain way, with its place in the mirror. */
function expectedEntries(text: string): SampleEntry[] {
  const out: SampleEntry[] = [];
  let offset = 0;
  text.split('\n').forEach((line, i) => {
    if (line === '') return;
    const head = expectedHead(line);
    if (head === 'problem') return;
    const length = Buffer.byteLength(line);
    if (head.kind === 'sample') {
      const { errors, warnings, dropped } = annotate(SampleRecordSchema.parse(JSON.parse(line)));
      out.push({ ...head.entry, errors, warnings, dropped, offset, length, line: i + 1 });
    }
    offset += length + 1;
  });
  return out;
}

/** What the explorer shows per step and group, computed from entry objects. */
function expectedTree(entries: readonly SampleEntry[]) {
  const steps = new Map<
    string,
    {
      samples: number;
      rewards: number[];
      withErrors: number;
      withDropped: number;
      groups: Map<number, number[]>;
    }
  >();
  entries.forEach((e, seq) => {
    const k = stepKey(e.step, e.evaluation);
    let s = steps.get(k);
    if (!s) steps.set(k, (s = { samples: 0, rewards: [], withErrors: 0, withDropped: 0, groups: new Map() }));
    s.samples++;
    if (e.reward !== null) s.rewards.push(e.reward);
    if (e.errors! > 0) s.withErrors++;
    if (e.dropped! > 0) s.withDropped++;
    s.groups.set(e.group, [...(s.groups.get(e.group) ?? []), seq]);
  });
  return steps;
}

describe('the columnar index reads real data as the plain reading does', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rs-columns-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true, maxRetries: 5 }));

  it.each(DATA)('%s: entries, tree, filters and search, fresh and reopened', async (_name, make) => {
    const text = make();
    const expected = expectedEntries(text);
    expect(expected.length).toBeGreaterThan(3);
    const store = await RunStore.open(dir, 'test', { annotate });
    store.ingest(Buffer.from(text));
    await store.flush();
    await store.diagnosed();
    expect(store.samples.slice()).toEqual(expected);
    expect(store.problems).toEqual([]);
    await store.close();
    const reopened = await RunStore.open(dir, 'test', { annotate });
    try {
      const samples = reopened.samples;
      expect(samples.slice()).toEqual(expected);

      const tree = new RolloutTree();
      tree.update(samples);
      const plain = expectedTree(expected);
      const nodes = tree.stepNodes();
      expect(nodes.map((n) => stepKey(n.step, n.evaluation)).sort()).toEqual([...plain.keys()].sort());
      for (const node of nodes) {
        const p = plain.get(stepKey(node.step, node.evaluation))!;
        expect([node.samples, node.rewarded, node.withErrors, node.withDropped, node.pending]).toEqual([
          p.samples,
          p.rewards.length,
          p.withErrors,
          p.withDropped,
          0,
        ]);
        const mean = p.rewards.reduce((a, b) => a + b, 0) / p.rewards.length;
        if (p.rewards.length > 0) expect(stepReward(node)?.mean).toBeCloseTo(mean, 12);
        expect(new Map([...node.groups].map(([g, group]) => [g, group.seqs]))).toEqual(p.groups);
        for (const group of node.groups.values()) {
          const rewards = group.seqs.map((seq) => expected[seq]!.reward).filter((r) => r !== null);
          const zero = rewards.length > 1 && rewards.every((r) => Math.abs(r - rewards[0]!) < 1e-9);
          expect(isZeroStd(samples, group)).toBe(zero);
          expect([group.task, group.domain]).toEqual([
            expected[group.seqs[0]!]!.task,
            expected[group.seqs[0]!]!.domain,
          ]);
        }
      }

      const filters: ExplorerFilter[] = [
        { statuses: [INDEXED_STATUSES[0]!] },
        { minReward: 0.5 },
        { maxReward: 0 },
        { withErrors: true },
        { task: expected.find((e) => e.task !== null)?.task ?? 'x' },
      ];
      for (const f of filters) {
        const got = samples.slice().filter(explorerMatcher(f));
        expect(got).toEqual(expected.filter(explorerMatcher(f)));
      }

      const word = 'tool_call';
      const hits = await reopened.searchText(word);
      const lines = text.split('\n');
      expect([...hits].sort((a, b) => a - b)).toEqual(
        expected.filter((e) => lines[e.line! - 1]!.toLowerCase().includes(word)).map((e) => e.offset),
      );
      for (const seq of [0, expected.length - 1]) {
        expect(await reopened.readSample(samples.at(seq)!)).toEqual(
          SampleRecordSchema.parse(JSON.parse(lines[expected[seq]!.line! - 1]!)),
        );
      }
    } finally {
      await reopened.close();
    }
  });

  it('opens a format-2 store (a JSON row per sample, counts in d rows) to the same index', async () => {
    const text = demoRun();
    const expected = expectedEntries(text);
    const records = text.split('\n').filter((l) => l !== '');
    // Format 2's rows as that version wrote them: counts pending in the sample row, then a d row.
    const rows: string[] = [];
    expected.forEach((e, k) => {
      const status = INDEXED_STATUSES.indexOf(e.status);
      const fields = [e.offset, e.length, e.step, e.evaluation ? 1 : 0, e.group, e.index, status];
      const counted = k % 2 === 0;
      const counts = counted ? [e.errors, e.warnings] : [null, null];
      rows.push(
        JSON.stringify([
          's',
          ...fields,
          e.reward,
          e.shapedReward,
          ...counts,
          e.task,
          e.domain,
          e.promptHash,
          e.line,
        ]),
      );
      // Half of the d rows carry parse failures, as format 2 wrote them once they were counted apart.
      const d = k % 4 === 1 ? [e.errors, e.warnings, e.dropped] : [e.errors, e.warnings];
      if (!counted) rows.push(JSON.stringify(['d', e.offset, ...d]));
    });
    for (let step = 0; step < 4; step++) rows.push(JSON.stringify(['t', step, 0, {}, null, null]));
    rows.push(JSON.stringify(['p', 7, 'not valid JSON: x']));
    const index = `${rows.join('\n')}\n`;
    writeFileSync(join(dir, 'records.jsonl'), text);
    writeFileSync(join(dir, 'index.jsonl'), index);
    const meta = {
      format: 2,
      source: 'box:/runs/x/rollouts.jsonl',
      remoteIno: 7,
      remoteOffset: Buffer.byteLength(text),
      remoteLines: records.length,
      mirrorBytes: Buffer.byteLength(text),
      indexBytes: Buffer.byteLength(index),
      generation: 0,
    };
    writeFileSync(join(dir, 'meta.json'), JSON.stringify(meta));
    const store = await RunStore.open(dir, 'test', { annotate });
    try {
      // Counts without parse failures are counted again; those with them are kept.
      expect(expected.map((_, k) => store.samples.errors(k) !== null)).toEqual(
        expected.map((_, k) => k % 4 === 1),
      );
      await store.diagnosed();
      expect(store.samples.slice()).toEqual(expected);
      expect(store.steps.size).toBe(4);
      expect(store.problems).toEqual([{ line: 7, message: 'not valid JSON: x' }]);
      expect(store.resumeOffset).toBe(Buffer.byteLength(text));
    } finally {
      await store.close();
    }
    const again = await RunStore.open(dir, 'test', { annotate });
    expect(again.samples.slice()).toEqual(expected);
    await again.close();
  });
});
