import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { readEvalReport } from '../../../src/core/eval/evalReport';
import { evalResult } from '../../../src/core/eval/evalResult';
import { COOKBOOK_PASS_AT_K } from '../../../src/core/eval/evalSettings';
import { sampleAnnotator } from '../../../src/core/store/annotateSample';
import { RunStore } from '../../../src/core/store/runStore';
import { toTapRecords } from '../../../src/core/trajectory/toTapRecords';
import type { Profile } from '../../../src/core/toolcall/types';
import { RunViewerData } from '../../../src/core/viewer/runViewerData';
import { provenance } from './evalHelpers';

// An eval's attempts become its run's rollouts.jsonl; the viewer's own pass@k / pass^k per domain over
// them must be the figures the eval result and the stage table give. airline and retail both number their
// tasks from 0, so the two domains' task 0 must stay apart.
const PROFILE: Profile = { parser: 'qwen25', reasoningParser: 'qwen3', policy: 'sglang' };
const dir = mkdtempSync(join(tmpdir(), 'rs-eval-viewer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const task = (domain: string, id: string, wins: boolean[]) => ({
  domain,
  task_id: id,
  attempts: wins.map((w) => ({ success: w, reward: w ? 1 : 0, status: 'completed' })),
});

it('shows the same pass@4 and pass^4 per domain as the eval result', async () => {
  const report = {
    results: [
      task('airline', '0', [true, false, false, true]),
      task('airline', '1', [false, false, false, false]),
      task('retail', '0', [true, true, true, true]),
      task('retail', '1', [true, false, true, true]),
    ],
  };
  const { samples } = readEvalReport(JSON.stringify(report), 'eval-report.json');
  const result = evalResult('/runs/e', provenance('GRPO', COOKBOOK_PASS_AT_K, 't'), samples, null);
  const store = await RunStore.open(dir, 'eval', { annotate: sampleAnnotator(PROFILE) });
  const data = new RunViewerData('run', store, PROFILE, () => undefined, 5);
  try {
    store.ingest(
      Buffer.from(
        toTapRecords(samples)
          .map((r) => `${JSON.stringify(r)}\n`)
          .join(''),
      ),
    );
    await store.flush();
    await data.idle();
    const shown = data.evalSummary();
    expect(shown.source).toBe('eval');
    expect(shown.domains.map((d) => [d.domain, d.tasks, d.attempts])).toEqual([
      ['airline', 2, 8],
      ['retail', 2, 8],
    ]);
    for (const d of result.domains) {
      const viewer = shown.domains.find((x) => x.domain === d.domain)!;
      expect(viewer.passAtK['1']).toBeCloseTo(d.passAt1!, 12);
      expect(viewer.passAtK['4']).toBeCloseTo(d.passAtK!, 12);
      expect(viewer.passHatK['4']).toBeCloseTo(d.passHatK!, 12);
    }
    // By hand: airline pass@4 = mean(1, 0) = 0.5; retail pass^4 = mean(1, 0) = 0.5.
    expect(result.domains.map((d) => [d.passAtK, d.passHatK])).toEqual([
      [0.5, 0],
      [1, 0.5],
    ]);
  } finally {
    data.dispose();
    await store.close();
  }
});
