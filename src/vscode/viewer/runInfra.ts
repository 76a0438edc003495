import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseReadings } from '../../core/infra/gpuReadings';
import { parseUtcOffset, stepEnds } from '../../core/infra/stepEnds';
import type { StepEnd } from '../../shared/stepEnds';
import { RUN_FILES } from '../../core/run/runFiles';
import type { ConsoleRead, ConsoleTimelines } from '../../remote/consoleTimeline';
import { GpuSampler } from '../../remote/gpuSampler';
import type { RunMirror } from '../../remote/runMirror';
import type { Target } from '../../remote/target';
import { runKey } from '../../core/run/runKey';
import type { RunNode } from '../runsTree';
import type { RunInfra } from '../../shared/protocol';

/** What the service needs to know of a run; undefined when it is not on a connected box. */
export interface InfraRun {
  target: Target;
  /** The run's local store folder: the readings file lives beside the store, with the run. */
  storeDir: string;
  /** The run's console.log on the box. */
  consolePath: string;
  /** Still running: readings are taken only then. */
  live: boolean;
}

/** Finds a viewer's run (by its key) among the listed runs and their mirrors. */
export function infraRunOf(
  runs: () => readonly RunNode[],
  mirrors: ReadonlyMap<string, RunMirror>,
): (key: string) => InfraRun | undefined {
  return (key) => {
    const node = runs().find((n) => runKey(n.box.alias, n.run.dir) === key);
    const target = node?.box.target;
    const mirror = mirrors.get(key);
    if (!node || !target || !mirror) return undefined;
    const state = node.run.state?.state;
    return {
      target,
      storeDir: mirror.store.dir,
      consolePath: `${node.run.dir}/${RUN_FILES.console}`,
      live: state === 'running' || state === 'starting',
    };
  };
}

/** The file of GPU readings in a run's local store folder. */
export const GPU_READINGS_FILE = 'gpu.jsonl';

interface Sampling {
  sampler: GpuSampler;
  lease: NodeJS.Timeout | undefined;
}

/**
 * Infrastructure over a run's life, for the viewer's overview: GPU readings and the W&B link. The view
 * asks every few seconds while it shows a run's overview; each ask keeps that run's sampler wanted for
 * `leaseMs`, so sampling stops on its own soon after the view goes away, and never runs for a finished run.
 */
export class RunInfraService {
  private readonly samplers = new Map<string, Sampling>();
  /** Each box's UTC offset in minutes (null: it did not say), asked once per box. */
  private readonly offsets = new Map<string, Promise<number | null>>();

  constructor(
    private readonly find: (key: string) => InfraRun | undefined,
    private readonly timelines: ConsoleTimelines,
    private readonly periodMs = 5_000,
    private readonly leaseMs = 20_000,
  ) {}

  async get(key: string): Promise<RunInfra> {
    const run = this.find(key);
    if (!run)
      return {
        gpu: [],
        sampling: false,
        gpuNote: 'The run is not on a connected box.',
        wandbUrl: null,
        stepEnds: [],
      };
    let s = this.samplers.get(key);
    if (!s) {
      s = {
        sampler: new GpuSampler(run.target, join(run.storeDir, GPU_READINGS_FILE), this.periodMs),
        lease: undefined,
      };
      this.samplers.set(key, s);
    }
    const sampling = s;
    clearTimeout(sampling.lease);
    sampling.lease = undefined;
    if (run.live) {
      sampling.sampler.want('viewer', true);
      sampling.lease = setTimeout(() => sampling.sampler.want('viewer', false), this.leaseMs);
    } else sampling.sampler.want('viewer', false);
    // One read of the console gives both the W&B link and the step ends.
    const consoleRead = this.timelines.get(run.target, run.consolePath).catch(() => null);
    const [gpu, read, ends] = await Promise.all([
      this.readings(sampling.sampler.file),
      consoleRead,
      this.stepEnds(run, consoleRead).catch(() => []),
    ]);
    const wandbUrl = read?.wandbUrl ?? null;
    return {
      gpu,
      sampling: sampling.sampler.sampling,
      gpuNote:
        sampling.sampler.problem ??
        (gpu.length === 0 && !run.live
          ? 'No GPU readings: they are taken while the run is live and its overview is open.'
          : null),
      wandbUrl,
      stepEnds: ends,
    };
  }

  /** The run's step ends on the readings' clock; none when the box does not say its UTC offset. */
  private async stepEnds(run: InfraRun, consoleRead: Promise<ConsoleRead | null>): Promise<StepEnd[]> {
    let offset = this.offsets.get(run.target.label);
    if (!offset) {
      offset = run.target
        .exec(['date', '+%z'], { timeoutMs: 10_000 })
        .then((r) => (r.code === 0 ? parseUtcOffset(r.stdout.toString('utf8')) : null));
      this.offsets.set(run.target.label, offset);
      // A box that could not be asked is asked again next time.
      offset.then(
        (o) => o === null && this.offsets.delete(run.target.label),
        () => this.offsets.delete(run.target.label),
      );
    }
    const [minutes, read] = await Promise.all([offset, consoleRead]);
    return minutes === null || !read ? [] : stepEnds(read.timeline.steps, minutes);
  }

  private async readings(file: string) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
    return parseReadings(text, file);
  }

  dispose(): void {
    for (const s of this.samplers.values()) {
      clearTimeout(s.lease);
      s.sampler.dispose();
    }
    this.samplers.clear();
  }
}
