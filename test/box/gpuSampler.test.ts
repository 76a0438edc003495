import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseReadings } from '../../src/core/infra/gpuReadings';
import { ConsoleTimelines } from '../../src/remote/consoleTimeline';
import { GpuSampler } from '../../src/remote/gpuSampler';
import { RunInfraService } from '../../src/vscode/viewer/runInfra';
import { until } from '../until';
import { useTrustedBox } from './harness/trustedBox';

// The run's GPU sampler over real ssh, on a box whose PATH has the stand-in nvidia-smi (8 H100s, use and
// memory moving with the clock, in nvidia-smi's csv,noheader,nounits output).
const GPU_BIN = resolve(import.meta.dirname, '../fixtures/box/gpu/bin');
const box = useTrustedBox('rs-box-gpu-', { pathDirs: [GPU_BIN] });

const lines = (file: string) => {
  try {
    return parseReadings(readFileSync(file, 'utf8'), file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
};

describe('GPU readings from the box over ssh', () => {
  it('appends a reading of every GPU each period while wanted, and none once nothing wants it', async () => {
    const { target, dir } = box();
    const file = join(dir, 'gpu.jsonl');
    const sampler = new GpuSampler(target, file, 150);
    try {
      sampler.want('test', true);
      await until(() => lines(file).length >= 4, 'four readings');
      sampler.want('test', false);
      expect(sampler.sampling).toBe(false);
      // A reading under way when the want went may still land; after that, nothing.
      await new Promise((r) => setTimeout(r, 1_000));
      const kept = lines(file);
      await new Promise((r) => setTimeout(r, 600));
      expect(lines(file)).toHaveLength(kept.length);
      expect(sampler.problem).toBeNull();
      for (const r of kept) {
        expect(r.gpus).toHaveLength(8);
        for (const g of r.gpus) {
          expect(g.memTotalMiB).toBe(81559);
          expect(g.utilPercent).toBeGreaterThanOrEqual(0);
          expect(g.utilPercent).toBeLessThanOrEqual(100);
          expect(g.memUsedMiB).toBeGreaterThanOrEqual(30_000);
        }
      }
      // Readings a few periods apart differ, as a busy GPU's do.
      expect(new Set(kept.map((r) => r.gpus[0]!.utilPercent)).size).toBeGreaterThan(1);
      expect(kept.map((r) => r.t)).toEqual([...kept.map((r) => r.t)].sort((a, b) => a - b));
    } finally {
      sampler.dispose();
    }
  });

  it("serves the viewer a live run's readings and its W&B link from the box's console.log", async () => {
    const { target, dir: boxDir } = box();
    const dir = mkdtempSync(join(boxDir, 'run-'));
    const consolePath = join(dir, 'console.log');
    writeFileSync(
      consolePath,
      '(MegatronTrainRayActor pid=2087) wandb: 🚀 View run at https://wandb.ai/tau2-team/slime/runs/k3x9q2\n',
    );
    const infra = new RunInfraService(
      () => ({ target, storeDir: dir, consolePath, live: true }),
      new ConsoleTimelines(),
      150,
      2_000,
    );
    try {
      const first = await infra.get('run');
      expect(first.sampling).toBe(true);
      expect(first.wandbUrl).toBe('https://wandb.ai/tau2-team/slime/runs/k3x9q2');
      expect(first.gpu).toEqual([]);
      let seen = first;
      for (let i = 0; i < 100 && seen.gpu.length < 3; i++) {
        await new Promise((r) => setTimeout(r, 200));
        seen = await infra.get('run');
      }
      expect(seen.gpu.length).toBeGreaterThanOrEqual(3);
      expect(seen.gpuNote).toBeNull();
    } finally {
      infra.dispose();
    }
  });
});
