import { appendFile } from 'node:fs/promises';
import { known, readingLine } from '../core/infra/gpuReadings';
import { probeGpus } from './boxProbe';
import { PausableInterval } from './pausableInterval';
import type { Target } from './target';

/**
 * Samples a box's GPUs with nvidia-smi (the box probe's query) every `periodMs` while anything wants it,
 * appending each reading to a local file. Sampling costs the box a command per period, so it runs only
 * while a run is live and a view shows it; the file keeps what was sampled for later views.
 */
export class GpuSampler {
  private readonly interval: PausableInterval;
  private busy = false;
  private disposed = false;
  /** Why the last reading failed (nvidia-smi missing or failing, the box gone); null after a good one. */
  problem: string | null = null;

  constructor(
    private readonly target: Target,
    readonly file: string,
    periodMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.interval = new PausableInterval(periodMs, () => void this.sample());
  }

  /** See PausableInterval.want: samples while any reason wants it. */
  want(reason: string, wanted: boolean): void {
    this.interval.want(reason, wanted);
  }

  get sampling(): boolean {
    return this.interval.running;
  }

  /** Stops sampling; a reading under way is dropped rather than written after its view has gone. */
  dispose(): void {
    this.disposed = true;
    this.interval.dispose();
  }

  /** One reading, appended; a reading still under way (a slow box) makes this one a no-op. */
  async sample(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const t = this.now();
      const r = await probeGpus(this.target);
      if (r.gpuProblem) {
        this.problem = r.gpuProblem;
        return;
      }
      if (this.disposed) return;
      await appendFile(
        this.file,
        readingLine({
          t,
          gpus: r.gpus.map((g) => ({
            utilPercent: known(g.utilizationPercent),
            memUsedMiB: known(g.memoryUsedMiB),
            memTotalMiB: known(g.memoryTotalMiB),
          })),
        }),
      );
      this.problem = null;
    } catch (e) {
      this.problem = (e as Error).message;
    } finally {
      this.busy = false;
    }
  }
}
