import { describe, expect, it } from 'vitest';
import { demoSample, demoStepRecord } from '../../../src/core/demo/demoSamples';
import { importTapRecords } from '../../../src/core/importers/tapImporter';
import { TAP_RECORD_VERSION } from '../../../src/core/records/tapRecord';
import { parseProfile } from '../../../src/core/toolcall/profile';
import { profileAnalyzer } from '../../../src/core/trajectory/profileAnalyzer';

const analyzer = profileAnalyzer(parseProfile({}));

describe('tap record stream', () => {
  const samples = [0, 1, 2, 3].map((i) => demoSample(4, 1, i));
  const lines = [
    ...samples.map((s) => JSON.stringify(s)),
    JSON.stringify(demoStepRecord(4, samples)),
    '{"kind": "sample", "v": 1, "ts": 0',
    JSON.stringify({ ...samples[0], v: TAP_RECORD_VERSION + 1 }),
    JSON.stringify({ ...samples[0], status: 'exploded' }),
    JSON.stringify({ kind: 'mystery', v: 1 }),
    JSON.stringify({
      kind: 'tap',
      v: 1,
      ts: 1,
      samples: 4,
      steps: 1,
      errors: { write: 2 },
      lastError: 'ENOSPC',
    }),
  ];
  const r = importTapRecords(lines.join('\n'), 'rollouts.jsonl', { analyzer });

  it('reads sample, step and tap-status records and reports the rest by line', () => {
    expect(r.samples).toHaveLength(4);
    expect(r.steps).toEqual([expect.objectContaining({ step: 4, evaluation: false })]);
    expect(r.info).toMatchObject({ tap: { errors: { write: 2 }, lastError: 'ENOSPC' } });
    expect(r.problems.map((p) => [p.line, p.path])).toEqual([
      [6, '(root)'],
      [7, 'v'],
      [8, 'status'],
      [9, 'kind'],
    ]);
    expect(r.skipped).toBe(4);
  });

  it('rebuilds turns with recipe tool results and the engine verdict', () => {
    const s = r.samples[0];
    expect(s).toMatchObject({ step: 4, group: '1', index: 0, id: 'step-4/1/0' });
    expect(s?.domain).toBe(samples[0]?.metadata['domain']);
    expect(s?.taskId).toBe(samples[0]?.metadata['task_id']);
    const toolTurns = r.samples.flatMap((x) => x.turns.filter((t) => t.role === 'tool'));
    const resultMessages = samples.flatMap((x) =>
      x.messages.filter((m) => m.content.startsWith('Tool result for ')),
    );
    expect(toolTurns.length).toBe(resultMessages.length);
    expect(toolTurns.length).toBeGreaterThan(0);
    expect(toolTurns.every((t) => t.toolName !== undefined)).toBe(true);
    const assistant = s?.turns.filter((t) => t.role === 'assistant') ?? [];
    expect(assistant.every((t) => t.analysis !== undefined && t.trainable === true)).toBe(true);
    expect(s?.rewardInfo?.reward_basis).toEqual(['DB', 'COMMUNICATE']);
    expect(s?.reward.shaped).toBe(samples[0]?.shapedReward);
  });
});
