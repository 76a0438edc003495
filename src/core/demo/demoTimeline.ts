// The demo run's clock: per-step phase times for its console.log (slime's Timer and perf lines, in the
// real format) and per-sample trace events (slime.observability.trace_utils' carrier) for its samples.
// Demo numbers, shaped like a colocated 4B GRPO run: generation dominates, training is steady, every
// fourth step saves.

/** A deterministic jitter in [0, 1) per (step, salt): the demo reads the same on every replay. */
function jitter(step: number, salt: number): number {
  const x = Math.sin(step * 12.9898 + salt * 78.233) * 43758.5453;
  return x - Math.floor(x);
}

export interface DemoStepTiming {
  rollout: number;
  /** Mean per-sample seconds outside generation (tools, user simulator, reward). */
  nonGeneration: number;
  logProbs: number;
  actorTrain: number;
  /** train = logProbs + actorTrain + this. */
  trainOther: number;
  /** The weight update after this step (timed into the next step's window, as slime does). */
  updateWeights: number;
  save: number | null;
  /** Waiting outside generation: Ray scheduling, the rollout engines' reload. */
  waitOther: number;
}

export function demoStepTiming(step: number): DemoStepTiming {
  const r = (salt: number, lo: number, hi: number) =>
    Math.round((lo + jitter(step, salt) * (hi - lo)) * 10) / 10;
  return {
    // Responses get longer as the policy learns to finish tasks.
    rollout: r(1, 38, 52) + step * 0.8,
    nonGeneration: r(2, 4, 9),
    logProbs: r(3, 6, 8),
    actorTrain: r(4, 17, 22),
    trainOther: r(5, 1, 2.5),
    updateWeights: r(6, 8, 11),
    save: step % 4 === 3 ? r(7, 24, 30) : null,
    waitOther: r(8, 1.5, 4),
  };
}

const py = (d: Record<string, number>) =>
  `{${Object.entries(d)
    .map(([k, v]) => `'${k}': ${Number.isInteger(v) ? `${v}.0` : v}`)
    .join(', ')}}`;
const timer = (name: string, elapsed?: number) =>
  elapsed === undefined
    ? `timer.py:24 - Timer ${name} start`
    : `timer.py:31 - Timer ${name} end (elapsed: ${elapsed.toFixed(1)}s)`;
const round = (x: number) => Math.round(x * 1000) / 1000;

/**
 * The step's console lines in slime's order, each with the process that writes it: the RolloutManager's
 * perf line once generation ends, then the trainer's timers and perf line, then the save and the weight
 * update that follow training (they fall into the next step's perf window).
 */
export function demoStepLines(
  step: number,
  response: { meanLength: number; truncatedRatio: number },
): { process: 'rollout' | 'trainer'; line: string }[] {
  const t = demoStepTiming(step);
  // Step 0's window holds the weight update before the loop (demoStartLines), timed as step −1's.
  const before = demoStepTiming(step - 1);
  const tail = before.updateWeights + (before.save ?? 0);
  const trainWait = round(t.rollout + t.waitOther + tail);
  const train = round(t.logProbs + t.actorTrain + t.trainOther);
  const trainer = (line: string) => ({ process: 'trainer' as const, line });
  const lines = [
    {
      process: 'rollout' as const,
      line: `rollout_metrics.py:268 - perf ${step}: ${py({
        'rollout/response_len/mean': round(response.meanLength),
        'rollout/truncated_ratio': round(response.truncatedRatio),
        'perf/rollout_time': t.rollout,
        'perf/non_generation_time/mean': t.nonGeneration,
        'perf/tokens_per_gpu_per_sec': round((response.meanLength * 96) / t.rollout / 2),
      })}`,
    },
    trainer(timer('train_wait', trainWait)),
    trainer(timer('train')),
    trainer(timer('log_probs')),
    trainer(timer('log_probs', t.logProbs)),
    trainer(timer('actor_train')),
    trainer(timer('actor_train', t.actorTrain)),
    trainer(timer('train', train)),
    trainer(timer('train_wait')),
    trainer(
      `train_metric_utils.py:401 - perf ${step}: ${py({
        'perf/train_wait_time': trainWait,
        'perf/train_time': train,
        'perf/log_probs_time': t.logProbs,
        'perf/actor_train_time': t.actorTrain,
        'perf/update_weights_time': before.updateWeights,
        ...(before.save !== null ? { 'perf/save_model_time': before.save } : {}),
        'perf/step_time': round(trainWait + train),
        'perf/wait_time_ratio': round(trainWait / (trainWait + train)),
      })}`,
    ),
  ];
  if (t.save !== null) lines.push(trainer(timer('save_model')), trainer(timer('save_model', t.save)));
  lines.push(trainer(timer('update_weights')), trainer(timer('update_weights', t.updateWeights)));
  return lines;
}

/** What the trainer logs before its first step: the initial weight update, then waiting for data. */
export function demoStartLines(): string[] {
  return [
    timer('update_weights'),
    timer('update_weights', demoStepTiming(-1).updateWeights),
    timer('train_wait'),
  ];
}

/**
 * A sample's trace as slime's trace_utils records it: generate_and_rm around one sglang_generate per
 * assistant turn (tool and user-simulator time between them) and a reward_model span at the end.
 */
export function demoTrace(
  step: number,
  group: number,
  index: number,
  assistantTurns: number,
  startTs: number,
): { version: number; trace_id: string; events: Record<string, unknown>[] } {
  const traceId = `demo${step.toString(16)}g${group}i${index}`;
  const ids = { trace_id: traceId, sample_id: group * 100 + index, group_id: group, attempt: 0 };
  const events: Record<string, unknown>[] = [];
  let span = 0;
  const spanId = () => `${traceId}s${span++}`;
  const root = spanId();
  let ts = startTs;
  events.push({ type: 'span_start', name: 'generate_and_rm', ts, span_id: root, ...ids });
  for (let turn = 0; turn < Math.max(1, assistantTurns); turn++) {
    const id = spanId();
    const seconds = 0.6 + jitter(step * 31 + group * 7 + index, turn) * 2.4;
    const tokens = Math.round(seconds * 55);
    events.push({
      type: 'span_start',
      name: 'sglang_generate',
      ts,
      span_id: id,
      parent_span_id: root,
      ...ids,
    });
    ts += seconds;
    events.push({
      type: 'span_end',
      name: 'sglang_generate',
      ts,
      span_id: id,
      ...ids,
      attrs: { prompt_tokens: 900 + turn * 240, completion_tokens: tokens, finish_reason: 'stop' },
    });
    // The tool call and the user simulator's reply before the next turn.
    ts += 0.2 + jitter(step + group, index + turn) * 1.3;
  }
  const reward = spanId();
  events.push({
    type: 'span_start',
    name: 'reward_model',
    ts,
    span_id: reward,
    parent_span_id: root,
    ...ids,
  });
  ts += 0.4 + jitter(step, group + index) * 0.6;
  events.push({ type: 'span_end', name: 'reward_model', ts, span_id: reward, ...ids });
  events.push({ type: 'span_end', name: 'generate_and_rm', ts, span_id: root, ...ids });
  return { version: 1, trace_id: traceId, events };
}
