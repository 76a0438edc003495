import type { LogEvent } from './logLine';

/** What the status bar and the run's node show: step N of M, reward, throughput, ETA. */
export interface RunProgress {
  /** The last rollout id whose metrics arrived. */
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
  private first: { id: number; atMs: number } | undefined;

  constructor(totalSteps?: number) {
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
    for (const [k, v] of Object.entries(event.metrics)) {
      let s = this.series.get(k);
      if (!s) this.series.set(k, (s = new Map()));
      s.set(event.id, v);
    }
    if (event.family !== 'rollout' && event.family !== 'perf') return;
    if (p.step === undefined || event.id > p.step) {
      p.step = event.id;
      this.first ??= { id: event.id, atMs: nowMs };
      const steps = event.id - this.first.id;
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
