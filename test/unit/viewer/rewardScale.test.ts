import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoSample, demoStepRecord } from '../../../src/core/demo/demoSamples';
import { declaredRewardRange, describeScale, rewardScale } from '../../../src/shared/rewardScale';
import { RunStore } from '../../../src/core/store/runStore';
import { RunViewerData } from '../../../src/core/viewer/runViewerData';
import { DEFAULT_VIEWER_QUERY } from '../../../src/shared/protocol';

describe('the reward scale of metric dots', () => {
  it("prefers run.json's declared range, then the newest step record's, then what was observed", () => {
    const steps = [{}, { rewardRange: [0, 2] as [number, number] }, {}];
    expect(declaredRewardRange({ rewardRange: [-1, 1] }, steps)).toEqual([-1, 1]);
    expect(declaredRewardRange(undefined, steps)).toEqual([0, 2]);
    expect(declaredRewardRange({}, [{}])).toBeUndefined();
    expect(rewardScale([0, 1], { min: -0.2, max: 1.3 })).toEqual({ min: 0, max: 1, source: 'declared' });
    expect(rewardScale(undefined, { min: -0.2, max: 1.3 })).toEqual({
      min: -0.2,
      max: 1.3,
      source: 'observed',
    });
    expect(rewardScale(undefined, null)).toBeNull();
    expect(describeScale({ min: -0.2, max: 1.3, source: 'observed' })).toBe('observed [-0.2, 1.3]');
  });

  it('reaches the sample table from the step records the tap writes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rs-scale-'));
    try {
      const store = await RunStore.open(dir, 'test', {
        annotate: () => ({ errors: 0, warnings: 0, dropped: 0 }),
      });
      const samples = [0, 1, 2, 3].map((i) => demoSample(0, 0, i));
      const lines = samples.map((s) => JSON.stringify(s));
      store.ingest(Buffer.from(`${lines.join('\n')}\n`));
      await store.flush();
      const data = new RunViewerData(
        'run',
        store,
        { parser: 'qwen25', reasoningParser: 'qwen3', policy: 'sglang' },
        () => undefined,
        0,
      );
      const page = () => data.rowsPage({ runKey: 'run', query: DEFAULT_VIEWER_QUERY, start: 0, count: 10 });
      expect(page().scales.reward?.source).toBe('observed');
      store.ingest(
        Buffer.from(`${JSON.stringify({ ...demoStepRecord(0, samples), rewardRange: [0, 1] })}\n`),
      );
      await store.flush();
      expect(page().scales.reward).toEqual({ min: 0, max: 1, source: 'declared' });
      expect(page().scales.shaped?.source).toBe('observed');
      data.dispose();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
