import type { LogEvent } from './logLine';

/** What the status bar and the run's node show: step N of M, reward, throughput, ETA. */
export interface RunProgress {
  /** The last rollout id whose metrics arrived (a trainer `step` line counts for its rollout). */
  step: number | undefined;
  totalSteps: number | undefined;
  rewardMean: number | undefined;
  tokensPerGpuPerSecond: number | undefined;
  /** Samples generated of the current rollout, from tqdm. */
  generation: { done: number; total: number } | undefined;
  secondsPerStep: number | undefined;
  etaSeconds: number | undefined;
}

/** Folds slime's log events into a RunProgress, and keeps every metric per step for charts. */
export class ProgressTracker {
  readonly progress: RunProgress;
  /** metric name → rollout id → value. */
  readonly series = new Map<string, Map<number, number>>();
  /** metric name → the value its latest line carried, under slime's own name. */
  readonly latest = new Map<string, number>();
  private first: { id: number; atMs: number } | undefined;

  /**
   * stepsPerRollout: the trainer's optimizer steps per rollout (--num-steps-per-rollout, 1 unless the
   * global batch is smaller than the rollout), to turn a `step N` line into its rollout id.
   */
  constructor(
    totalSteps?: number,
    private readonly stepsPerRollout = 1,
  ) {
    this.progress = {
      step: undefined,
      totalSteps,
      rewardMean: undefined,
      tokensPerGpuPerSecond: undefined,
      generation: undefined,
      secondsPerStep: undefined,
      etaSeconds: undefined,
    };
  }

  /** nowMs is when the line was read: the step rate when slime's perf/step_time is absent. */
  apply(event: LogEvent, nowMs: number): void {
    const p = this.progress;
    if (event.kind === 'generation' && event.label === 'Rollout generation') {
      p.generation = { done: event.done, total: event.total };
      return;
    }
    if (event.kind !== 'metrics') return;
    const id = event.family === 'step' ? Math.floor(event.id / this.stepsPerRollout) : event.id;
    for (const [k, v] of Object.entries(event.metrics)) {
      let s = this.series.get(k);
      if (!s) this.series.set(k, (s = new Map()));
      s.set(id, v);
      this.latest.set(k, v);
    }
    if (event.family === 'eval') return;
    if (p.step === undefined || id > p.step) {
      p.step = id;
      this.first ??= { id, atMs: nowMs };
      const steps = id - this.first.id;
      if (steps > 0) p.secondsPerStep = (nowMs - this.first.atMs) / 1000 / steps;
    }
    // The trainer's `rollout N:` line carries the reward; the RolloutManager's `perf N:` does not (#1837).
    const reward = event.metrics['rollout/raw_reward'] ?? event.metrics['rollout/rewards'];
    if (event.family === 'rollout' && reward !== undefined) p.rewardMean = reward;
    const tps = event.metrics['perf/tokens_per_gpu_per_sec'];
    if (tps !== undefined) p.tokensPerGpuPerSecond = tps;
    const stepTime = event.metrics['perf/step_time'];
    if (stepTime !== undefined) p.secondsPerStep = stepTime;
    if (p.totalSteps !== undefined && p.secondsPerStep !== undefined)
      p.etaSeconds = Math.max(0, (p.totalSteps - 1 - p.step) * p.secondsPerStep);
  }
}
