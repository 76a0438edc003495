import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runConvertCommand } from '../../../src/cli/convert';
import { importTapRecords } from '../../../src/core/importers/tapImporter';
import { loadSource } from '../../../src/core/importers/loadSource';
import { SampleRecordSchema } from '../../../src/core/records/tapRecord';
import type { TrajectorySample } from '../../../src/core/trajectory/sample';
import { parseProfile } from '../../../src/core/toolcall/profile';
import { profileAnalyzer } from '../../../src/core/trajectory/profileAnalyzer';
import { fixturePath } from './fixtures';
import { capturedIo } from '../capturedIo';

const analyzer = profileAnalyzer(parseProfile({}));

const dir = mkdtempSync(join(tmpdir(), 'rs-convert-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What a viewer shows of a sample; ids and source positions legitimately change in conversion. */
const shape = (s: TrajectorySample) => ({
  status: s.status ?? 'completed',
  reward: s.reward,
  taskId: s.taskId,
  domain: s.domain,
  terminationReason: s.terminationReason,
  rewardInfo: s.rewardInfo,
  turns: s.turns.map((t) => ({ ...t, analysis: t.analysis?.verdict })),
});

const SOURCES = [
  'tau2-v0-telecom-gpt41-trimmed.json',
  'tau2-v1-dir',
  'tau2-recipe-samples.jsonl',
  'slime-template-sample.jsonl',
  'episode-log/task_000012/episode.jsonl',
  'chat-sft.jsonl',
];

describe('rollout-studio convert', () => {
  it.each(SOURCES)('turns %s into tap records that import back to the same trajectories', async (name) => {
    const out = join(dir, `${name.replace(/\W/g, '_')}.jsonl`);
    const t = capturedIo();
    expect(await runConvertCommand([fixturePath(name), '--out', out], t.io)).toBe(0);
    const text = readFileSync(out, 'utf8');
    const lines = text.trimEnd().split('\n');
    for (const line of lines) {
      const record = JSON.parse(line) as { kind: string };
      if (record.kind === 'sample') expect(SampleRecordSchema.safeParse(record).success).toBe(true);
    }
    const reader = { readFile: (p: string) => readFile(p, 'utf8') };
    const original = await loadSource(fixturePath(name), 'auto', reader, { analyzer });
    const back = importTapRecords(text, out, { analyzer });
    expect(back.problems).toEqual([]);
    expect(back.samples.map((s) => s.id)).toEqual(original.samples.map((s) => s.id));
    // Calls read from text stay in the text and are read again the same way: the turns come back exactly.
    expect(back.samples.map(shape)).toEqual(original.samples.map(shape));
  });

  it('writes to stdout with --out - and honours --from', async () => {
    const t = capturedIo();
    expect(
      await runConvertCommand([fixturePath('chat-sft.jsonl'), '--from', 'chat', '--out', '-'], t.io),
    ).toBe(0);
    expect(t.out.join('').trimEnd().split('\n')).toHaveLength(2);
    expect(t.err.join('')).toContain('chat-sft.jsonl: 2 samples, 0 steps (chat)');
  });

  it('keeps what a tap record says about slime: sampleIndex, trace and turnsFrom', async () => {
    const first = JSON.parse(
      readFileSync(fixturePath('tap-rollouts.jsonl'), 'utf8').split('\n')[0]!,
    ) as Record<string, unknown>;
    const trace = {
      events: [{ type: 'span_start', name: 'generate_and_rm', ts: 100, span_id: 'a' }],
      dropped: 3,
    };
    const source = join(dir, 'traced.jsonl');
    await writeFile(
      source,
      `${JSON.stringify({ ...first, sampleIndex: 41, turnsFrom: 'loss_mask', trace })}\n`,
    );
    const t = capturedIo();
    expect(await runConvertCommand([source, '--from', 'tap', '--out', '-'], t.io)).toBe(0);
    const back = JSON.parse(t.out.join('')) as Record<string, unknown>;
    expect([back.sampleIndex, back.turnsFrom, back.trace]).toEqual([41, 'loss_mask', trace]);
  });

  it('exits 2 on bad usage', async () => {
    expect(await runConvertCommand([fixturePath('chat-sft.jsonl')], capturedIo().io)).toBe(2);
    expect(await runConvertCommand(['--out', 'x'], capturedIo().io)).toBe(2);
    expect(await runConvertCommand(['a', '--out', 'x', '--from', 'xml'], capturedIo().io)).toBe(2);
    expect(await runConvertCommand(['a', '--bogus'], capturedIo().io)).toBe(2);
  });
});
