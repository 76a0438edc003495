import type { TrajectorySample } from '../trajectory/sample';
import type { Turn } from '../trajectory/turn';
import { isSuccess } from './passK';

// Run-wide behaviour flags that reward curves hide: a policy stuck repeating a call, giving up before
// doing anything, running into the length limit, saying nothing, failing tool calls in a row, or a
// shaped reward that climbs while the task reward does not.

export type BehaviourFlag = 'loop' | 'early-done' | 'length-limit' | 'empty-response' | 'error-burst';

export const BEHAVIOUR_FLAGS: readonly BehaviourFlag[] = [
  'loop',
  'early-done',
  'length-limit',
  'empty-response',
  'error-burst',
];

export interface BehaviourHit {
  flag: BehaviourFlag;
  sampleId: string;
  step: number;
  evaluation: boolean;
  /** The turn where it shows (index into the sample's turns). */
  turn: number;
  detail: string;
}

/** A step where the shaped reward mean rose over the previous step while the success rate did not. */
export interface ShapedDrift {
  step: number;
  shapedDelta: number;
  successDelta: number;
}

export interface BehaviourScan {
  hits: BehaviourHit[];
  counts: Record<BehaviourFlag, number>;
  /** Per training step, how many samples carry each flag. */
  byStep: Record<string, Partial<Record<BehaviourFlag, number>>>;
  shapedDrift: ShapedDrift[];
}

/** Identical calls in a row (name and arguments) that make a loop. */
const LOOP_LENGTH = 3;
/** Failed tool results or error-carrying assistant turns in a row that make a burst. */
const BURST_LENGTH = 3;
/** tau2's pseudo-tool that ends the episode. */
const DONE_TOOLS = new Set(['done']);

const callKey = (name: string, args: unknown) => `${name}\u0000${JSON.stringify(args ?? null)}`;

function hasErrors(t: Turn): boolean {
  return t.analysis?.diagnostics.some((d) => d.severity === 'error') ?? false;
}

export function scanSample(sample: TrajectorySample): BehaviourHit[] {
  const hits: BehaviourHit[] = [];
  const hit = (flag: BehaviourFlag, turn: number, detail: string) =>
    hits.push({ flag, sampleId: sample.id, step: sample.step, evaluation: sample.evaluation, turn, detail });
  let lastKey = '';
  let repeats = 0;
  let loopReported = false;
  let firstCallSeen = false;
  let failures = 0;
  let burstReported = false;
  sample.turns.forEach((t, i) => {
    if (t.role === 'assistant') {
      if (t.text.trim() === '' && t.toolCalls.length === 0)
        hit('empty-response', i, 'an assistant turn with no text and no call');
      for (const call of t.toolCalls) {
        if (!firstCallSeen && DONE_TOOLS.has(call.name))
          hit('early-done', i, `${call.name} before any other tool call`);
        firstCallSeen = true;
        const key = callKey(call.name, call.arguments);
        repeats = key === lastKey ? repeats + 1 : 1;
        lastKey = key;
        if (repeats >= LOOP_LENGTH && !loopReported) {
          loopReported = true;
          hit('loop', i, `${call.name} called ${repeats} times in a row with the same arguments`);
        }
      }
      failures = hasErrors(t) ? failures + 1 : 0;
    } else if (t.role === 'tool') {
      failures = t.isError ? failures + 1 : 0;
    }
    if (failures >= BURST_LENGTH && !burstReported) {
      burstReported = true;
      hit('error-burst', i, `${failures} failed tool calls or malformed calls in a row`);
    }
  });
  if (sample.status === 'truncated')
    hit('length-limit', Math.max(0, sample.turns.length - 1), 'the response hit the length limit');
  return hits;
}

export function scanRun(samples: readonly TrajectorySample[]): BehaviourScan {
  const hits = samples.flatMap(scanSample);
  const counts = Object.fromEntries(BEHAVIOUR_FLAGS.map((f) => [f, 0])) as Record<BehaviourFlag, number>;
  const byStep: BehaviourScan['byStep'] = {};
  const seen = new Set<string>();
  for (const h of hits) {
    // A flag counts once per sample, however often it shows inside it.
    const key = `${h.flag}\u0000${h.sampleId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    counts[h.flag] += 1;
    if (h.evaluation) continue;
    const step = (byStep[String(h.step)] ??= {});
    step[h.flag] = (step[h.flag] ?? 0) + 1;
  }
  const points = samples.map((s) => ({
    step: s.step,
    evaluation: s.evaluation,
    shaped: s.reward.shaped,
    raw: s.reward.raw ?? s.reward.value,
  }));
  return { hits, counts, byStep, shapedDrift: shapedDrift(points) };
}

/** A sample's rewards as the drift check needs them (the viewer has these from its index alone). */
export interface RewardPoint {
  step: number;
  evaluation: boolean;
  shaped: number | null | undefined;
  raw: number | null | undefined;
}

export function shapedDrift(samples: readonly RewardPoint[]): ShapedDrift[] {
  const steps = new Map<number, { shaped: number[]; success: number[] }>();
  for (const s of samples) {
    if (s.evaluation || s.shaped === undefined || s.shaped === null) continue;
    const e = steps.get(s.step) ?? { shaped: [], success: [] };
    e.shaped.push(s.shaped);
    e.success.push(isSuccess(s.raw) ? 1 : 0);
    steps.set(s.step, e);
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const ordered = [...steps].sort(([a], [b]) => a - b);
  const drift: ShapedDrift[] = [];
  for (let i = 1; i < ordered.length; i++) {
    const [step, now] = ordered[i]!;
    const [, before] = ordered[i - 1]!;
    const shapedDelta = mean(now.shaped) - mean(before.shaped);
    const successDelta = mean(now.success) - mean(before.success);
    if (shapedDelta > 1e-9 && successDelta <= 0) drift.push({ step, shapedDelta, successDelta });
  }
  return drift;
}
