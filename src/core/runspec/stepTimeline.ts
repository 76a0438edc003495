import { splitConsoleLine } from './consoleLine';
import { lineTime, parseLogLine } from './logLine';
import type { LogEvent } from './logLine';
import { TIMELINE_PHASES } from '../../shared/timelinePhases';
import type { TimelinePhase } from '../../shared/timelinePhases';

// Where each step's time went, from slime's console: `Timer <name> start|end (elapsed: Xs)` lines
// (slime/observability/timer.py, logged by the trainer's rank 0) and the two `perf N: {...}` lines, the
// RolloutManager's (perf/rollout_time, perf/non_generation_time/*) and the trainer's (perf/<timer>_time,
// perf/step_time; train_metric_utils.log_perf_data).
//
// The trainer's Timer is reset each time it logs `perf N`, so everything timed between its `perf N−1` and
// `perf N` lines belongs to step N: the train_wait that ended when training N began (it contains the
// weight update and the save after step N−1, which produced the weights rollout N used, and the rollout
// itself when training waits for it), and train N. perf/step_time = train_wait + train. Timer lines
// rebuild the same window for the step still in progress and for runs whose perf lines are missing.

export interface StepTiming {
  step: number;
  /** Seconds on the trainer's clock by phase; they add up to `total`. */
  seconds: Record<TimelinePhase, number>;
  total: number;
  /** The RolloutManager's perf/rollout_time, whole (the part the trainer did not wait for is `overlapped`). */
  rolloutSeconds: number | null;
  /** Generation that ran while the trainer was busy (train_async): not on the step's critical path. */
  overlappedSeconds: number;
  /** Mean per-sample time outside generation (tools, user simulator, reward), perf/non_generation_time/mean. */
  nonGenerationPerSample: number | null;
  /** What the numbers come from: the trainer's perf line, Timer lines only, or only the rollout's perf line. */
  source: 'perf' | 'timers' | 'rollout';
  /** False for the step still running (its window is not closed by a perf line yet). */
  complete: boolean;
  /** slime's timers started in this step and not ended yet (`actor_train`), for the step in progress. */
  running: string[];
  /**
   * When the step ended on the box's wall clock (local time, `YYYY-MM-DD HH:MM:SS`, as slime stamps its
   * lines): the stamp of the line that closed its window. Null while it runs, or when lines carry no stamp.
   */
  endedAt: string | null;
}

export interface Timeline {
  steps: StepTiming[];
  /** Timer end lines without a start, and starts never ended before the next start of the same name. */
  unmatched: number;
}

/** Timers whose own time contains nested sleep/wake_up (they offload around themselves). */
const WRAPPING = new Set(['update_weights', 'save_model']);
const OFFLOAD = new Set(['sleep', 'wake_up']);
const TRAINER_KEYS = ['perf/step_time', 'perf/train_time', 'perf/train_wait_time', 'perf/actor_train_time'];

interface Window {
  /** Summed elapsed seconds by timer name; offload only when not inside a wrapping timer. */
  sums: Map<string, number>;
  open: Map<string, boolean>;
  any: boolean;
  /** `Timer train end` seen: the trainer's perf line comes next, unless it was lost. */
  trainEnded: boolean;
}

const newWindow = (): Window => ({ sums: new Map(), open: new Map(), any: false, trainEnded: false });

interface Closed {
  perf: Record<string, number> | undefined;
  sums: Map<string, number>;
  endedAt: string | undefined;
}

/** Folds console lines into per-step timings; feed it every line, in order, from the start of the log. */
export class TimelineBuilder {
  private readonly windows = new Map<string, Window>();
  /** step → closed windows, one per trainer process (actor, critic). */
  private readonly closed = new Map<number, Closed[]>();
  private readonly rollout = new Map<number, { seconds: number; nonGeneration: number | null }>();
  /** The rollout the trainer said it trains, from its `rollout N:` / `step N:` lines. */
  private training: number | undefined;
  private unmatched = 0;

  /** stepsPerRollout: the trainer's steps per rollout, to read `step N` as its rollout (ProgressTracker). */
  constructor(private readonly stepsPerRollout = 1) {}

  applyLine(raw: string): void {
    const line = splitConsoleLine(raw);
    const event = parseLogLine(line.body);
    // Which process wrote the line matters: actor and critic both time their steps.
    if (event) this.apply(event, line.process, lineTime(line.body));
  }

  /** `at`: the line's stamp (lineTime), kept as the end of the step the line closes. */
  apply(event: LogEvent, process = '', at?: string): void {
    if (event.kind === 'timer') return this.timer(event.name, event.phase, event.elapsedSeconds, process, at);
    // Only the trainer's own lines say what it trains: a RolloutManager line is about generation,
    // which runs ahead of training in train_async.
    const trainer = !process.startsWith('RolloutManager');
    if (
      event.kind === 'metrics' &&
      trainer &&
      !event.role &&
      (event.family === 'rollout' || event.family === 'step')
    ) {
      const id = event.family === 'step' ? Math.floor(event.id / this.stepsPerRollout) : event.id;
      this.training = Math.max(this.training ?? id, id);
    }
    // Role-prefixed lines (`critic-perf N`) are a second model's own numbers, not this step's clock.
    if (event.kind !== 'metrics' || event.family !== 'perf' || event.role) return;
    const m = event.metrics;
    const rolloutTime = m['perf/rollout_time'];
    if (rolloutTime !== undefined && Number.isFinite(rolloutTime))
      this.rollout.set(event.id, {
        seconds: rolloutTime,
        nonGeneration: finite(m['perf/non_generation_time/mean']),
      });
    if (!TRAINER_KEYS.some((k) => m[k] !== undefined)) return;
    this.close(process, event.id, m, at);
  }

  private close(
    process: string,
    step: number,
    perf: Record<string, number> | undefined,
    endedAt: string | undefined,
  ): void {
    const w = this.windows.get(process) ?? newWindow();
    // Timers still running (train_wait restarts just before the perf line) carry into the next window.
    this.windows.set(process, { ...newWindow(), open: w.open });
    const list = this.closed.get(step) ?? [];
    list.push({ perf, sums: w.sums, endedAt });
    this.closed.set(step, list);
  }

  /**
   * The step the trainer works on next: after the last one closed, or the one its own lines name when
   * that is later (a log that starts mid-run), else the first rollout seen.
   */
  private nextStep(): number | undefined {
    const trained = [...this.closed.keys()];
    const after = trained.length > 0 ? Math.max(...trained) + 1 : undefined;
    if (this.training !== undefined && (after === undefined || this.training > after)) return this.training;
    if (after !== undefined) return after;
    const rolled = [...this.rollout.keys()];
    return rolled.length > 0 ? Math.min(...rolled) : undefined;
  }

  private timer(
    name: string,
    phase: 'start' | 'end',
    elapsed: number | undefined,
    process: string,
    at: string | undefined,
  ): void {
    let w = this.windows.get(process);
    if (!w) this.windows.set(process, (w = newWindow()));
    // The trainer logs `perf N` right after `Timer train end` and `Timer train_wait start`; any other
    // timer first means that line was lost, and the window closes here instead.
    if (w.trainEnded && !(name === 'train_wait' && phase === 'start')) {
      const step = this.nextStep();
      if (step !== undefined) {
        this.close(process, step, undefined, at);
        w = this.windows.get(process)!;
      } else w.trainEnded = false;
    }
    if (phase === 'start') {
      if (w.open.get(name)) this.unmatched++;
      w.open.set(name, true);
      return;
    }
    if (!w.open.get(name)) this.unmatched++;
    w.open.delete(name);
    if (name === 'train') w.trainEnded = true;
    if (elapsed === undefined) return;
    // sleep/wake_up inside update_weights or save_model are already in that timer's time.
    if (OFFLOAD.has(name) && [...WRAPPING].some((n) => w.open.get(n))) return;
    const key = OFFLOAD.has(name) ? 'offload' : name;
    w.sums.set(key, (w.sums.get(key) ?? 0) + elapsed);
    w.any = true;
  }

  timeline(): Timeline {
    const steps = new Map<number, StepTiming>();
    for (const [step, windows] of this.closed) {
      const timings = windows.map((c) => timing(step, c.perf, c.sums, this.rollout.get(step), true, []));
      // Actor and critic close the step apart: it ended when the later of them did (the stamps sort as text).
      const ends = windows.map((c) => c.endedAt).filter((e) => e !== undefined);
      steps.set(step, { ...longest(timings), endedAt: ends.length > 0 ? ends.sort().at(-1)! : null });
    }
    // The open window: the step after the last one trained, or the first rollout not yet trained.
    // train_wait alone is open after every perf line (the trainer waits for the next rollout): that
    // is no step in progress yet, or a finished run would always end with an empty one.
    const pending = [...this.windows.values()].filter(
      (w) => w.any || [...w.open.keys()].some((n) => n !== 'train_wait'),
    );
    const next = this.nextStep();
    if (next !== undefined && pending.length > 0 && !steps.has(next))
      steps.set(
        next,
        longest(
          pending.map((w) =>
            timing(next, undefined, w.sums, this.rollout.get(next), false, [...w.open.keys()]),
          ),
        ),
      );
    // Rollouts no trainer window covers (--debug-rollout-only, or training has not reached them yet).
    for (const [step, r] of this.rollout)
      if (!steps.has(step)) steps.set(step, timing(step, undefined, new Map(), r, false, []));
    return { steps: [...steps.values()].sort((a, b) => a.step - b.step), unmatched: this.unmatched };
  }
}

/** The whole console.log at once (the CLI, a finished run). */
export function buildTimeline(text: string, stepsPerRollout?: number): Timeline {
  const b = new TimelineBuilder(stepsPerRollout);
  for (const line of text.split('\n')) b.applyLine(line);
  return b.timeline();
}

/** Mean seconds per phase over complete steps (the summary's line). */
export function meanPhases(steps: readonly StepTiming[]): Record<TimelinePhase, number> | null {
  const done = steps.filter((s) => s.complete);
  if (done.length === 0) return null;
  return Object.fromEntries(
    TIMELINE_PHASES.map((p) => [p, done.reduce((a, s) => a + s.seconds[p], 0) / done.length]),
  ) as Record<TimelinePhase, number>;
}

function finite(v: number | undefined): number | null {
  return v !== undefined && Number.isFinite(v) ? v : null;
}

/** Actor and critic train side by side: the step took as long as the slower one. */
function longest(ts: StepTiming[]): StepTiming {
  return ts.reduce((a, b) => (b.total > a.total ? b : a));
}

function timing(
  step: number,
  perf: Record<string, number> | undefined,
  sums: ReadonlyMap<string, number>,
  rollout: { seconds: number; nonGeneration: number | null } | undefined,
  complete: boolean,
  running: string[],
): StepTiming {
  // The trainer's perf line holds the same sums as the Timer lines, and holds them even when the lines
  // were lost; only offload needs the lines (its nesting inside update_weights is not in the sums).
  const fromPerf = perf !== undefined && TRAINER_KEYS.some((k) => perf[k] !== undefined);
  const t = (name: string) => {
    const v = fromPerf ? perf[`perf/${name}_time`] : sums.get(name);
    return v !== undefined && Number.isFinite(v) && v > 0 ? v : 0;
  };
  const offload = sums.get('offload') ?? 0;
  const wait = t('train_wait');
  const train = t('train');
  const updateWeights = t('update_weights');
  const save = t('save_model');
  const logProbs = t('log_probs') + t('ref_log_probs');
  const actorTrain = t('actor_train');
  // data_preprocess runs before train_wait ends, so it is inside the wait, not inside train.
  const data = t('data_preprocess');
  const rolloutSeconds = rollout?.seconds ?? null;
  let generation: number;
  let waiting: number;
  let overlapped = 0;
  if (wait > 0 || train > 0) {
    const rest = Math.max(0, wait - updateWeights - save - offload - data);
    generation = Math.min(rolloutSeconds ?? 0, rest);
    waiting = rest - generation;
    overlapped = Math.max(0, (rolloutSeconds ?? 0) - generation);
  } else {
    // No train window (rollout only, or a run whose trainer logs nothing yet): the parts as they are.
    generation = rolloutSeconds ?? 0;
    waiting = 0;
  }
  const seconds: Record<TimelinePhase, number> = {
    generation,
    waiting,
    logProbs,
    actorTrain,
    otherTrain: Math.max(0, train - logProbs - actorTrain) + data,
    updateWeights,
    save,
    offload,
  };
  return {
    step,
    seconds,
    total: TIMELINE_PHASES.reduce((a, p) => a + seconds[p], 0),
    rolloutSeconds,
    overlappedSeconds: overlapped,
    nonGenerationPerSample: rollout?.nonGeneration ?? null,
    source: fromPerf ? 'perf' : sums.size > 0 || running.length > 0 ? 'timers' : 'rollout',
    complete,
    running,
    endedAt: null,
  };
}
