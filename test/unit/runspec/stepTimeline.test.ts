import { describe, expect, test } from 'vitest';
import { TimelineBuilder, buildTimeline, meanPhases } from '../../../src/core/runspec/stepTimeline';

// Lines as slime writes them: logging_utils' `[%(asctime)s] %(filename)s:%(lineno)d - %(message)s`,
// Timer lines from timer.py:24/31 (trainer rank 0), behind Ray's actor prefixes.
const A = '(MegatronTrainRayActor pid=2087) [2025-03-01 10:00:00] ';
const C = '(MegatronTrainRayActor pid=3100) [2025-03-01 10:00:00] ';
const R = '(RolloutManager pid=1999) [2025-03-01 10:00:00] ';
const start = (p: string, name: string) => `${p}timer.py:24 - Timer ${name} start`;
const end = (p: string, name: string, s: number) =>
  `${p}timer.py:31 - Timer ${name} end (elapsed: ${s.toFixed(1)}s)`;
const rolloutPerf = (id: number, seconds: number, nonGen?: number) =>
  `${R}rollout_metrics.py:268 - perf ${id}: {'rollout/response_len/mean': 812.5, 'perf/rollout_time': ${seconds}${nonGen === undefined ? '' : `, 'perf/non_generation_time/mean': ${nonGen}`}, 'perf/tokens_per_gpu_per_sec': 410.2}`;
const trainerPerf = (p: string, id: number, m: Record<string, number>) =>
  `${p}train_metric_utils.py:401 - perf ${id}: {${Object.entries(m)
    .map(([k, v]) => `'perf/${k}': ${v}`)
    .join(', ')}}`;

/** One synchronous train.py step: rollout, train, save, weight update (the update lands in the next window). */
function syncStep(id: number, lines: string[], opts: { save?: boolean } = {}): void {
  lines.push(rolloutPerf(id, 40, 6.5));
  lines.push(end(A, 'train_wait', 52));
  lines.push(start(A, 'train'));
  lines.push(start(A, 'log_probs'), end(A, 'log_probs', 8));
  lines.push(start(A, 'actor_train'), end(A, 'actor_train', 20));
  lines.push(end(A, 'train', 30), start(A, 'train_wait'));
  lines.push(
    trainerPerf(A, id, {
      train_wait_time: 52,
      train_time: 30,
      log_probs_time: 8,
      actor_train_time: 20,
      update_weights_time: 9,
      step_time: 82,
    }),
  );
  if (opts.save) lines.push(start(A, 'save_model'), end(A, 'save_model', 3));
  lines.push(start(A, 'update_weights'), end(A, 'update_weights', 9));
}

describe('step timeline', () => {
  test('a synchronous run: phases from the trainer perf window add up to perf/step_time', () => {
    const lines = [start(A, 'update_weights'), end(A, 'update_weights', 9), start(A, 'train_wait')];
    syncStep(0, lines);
    syncStep(1, lines, { save: true });
    const t = buildTimeline(lines.join('\n'));
    // Step 2's window is open: the weight update after step 1 has been timed, its perf line not yet.
    expect(t.steps.map((s) => [s.step, s.complete])).toEqual([
      [0, true],
      [1, true],
      [2, false],
    ]);
    expect(t.steps[2]!.seconds.updateWeights).toBe(9);
    const s0 = t.steps[0]!;
    expect(s0.source).toBe('perf');
    expect(s0.complete).toBe(true);
    // train_wait 52 = weight update 9 + generation 40 + 3 s of other waiting.
    expect(s0.seconds).toMatchObject({
      generation: 40,
      waiting: 3,
      logProbs: 8,
      actorTrain: 20,
      otherTrain: 2,
      updateWeights: 9,
      save: 0,
    });
    expect(s0.total).toBeCloseTo(82);
    expect(s0.nonGenerationPerSample).toBe(6.5);
    expect(s0.overlappedSeconds).toBe(0);
    expect(t.steps[1]!.seconds.save).toBe(0);
    expect(t.unmatched).toBe(0);
  });

  test('Timer lines alone (perf lines lost) close the window after `train end`', () => {
    const lines = [start(A, 'update_weights'), end(A, 'update_weights', 9), start(A, 'train_wait')];
    syncStep(0, lines, { save: true });
    const withoutTrainerPerf = lines.filter((l) => !l.includes('train_metric_utils'));
    const t = buildTimeline(withoutTrainerPerf.join('\n'));
    expect(t.steps.map((s) => [s.step, s.source, s.complete])).toEqual([
      [0, 'timers', true],
      [1, 'timers', false],
    ]);
    expect(t.steps[0]!.seconds).toMatchObject({
      generation: 40,
      logProbs: 8,
      actorTrain: 20,
      updateWeights: 9,
    });
    expect(t.steps[1]!.seconds).toMatchObject({ save: 3, updateWeights: 9 });
  });

  test('async overlap: generation the trainer did not wait for is reported as overlapped, not stacked', () => {
    const lines = [
      rolloutPerf(0, 40),
      end(A, 'train_wait', 41),
      start(A, 'train'),
      rolloutPerf(1, 45),
      end(A, 'train', 35),
      trainerPerf(A, 0, { train_wait_time: 41, train_time: 35, step_time: 76 }),
      end(A, 'train_wait', 10),
      start(A, 'train'),
      end(A, 'train', 35),
      trainerPerf(A, 1, { train_wait_time: 10, train_time: 35, step_time: 45 }),
    ];
    const t = buildTimeline(lines.join('\n'));
    const s1 = t.steps.find((s) => s.step === 1)!;
    expect(s1.seconds.generation).toBe(10);
    expect(s1.overlappedSeconds).toBe(35);
    expect(s1.rolloutSeconds).toBe(45);
    expect(s1.total).toBe(45);
  });

  test('missing ends, stray ends and nested offloads', () => {
    const b = new TimelineBuilder();
    for (const l of [
      start(A, 'train_wait'),
      end(A, 'log_probs', 1), // an end without a start
      start(A, 'update_weights'),
      start(A, 'wake_up'),
      end(A, 'wake_up', 2), // inside update_weights: already in its time
      end(A, 'update_weights', 7),
      start(A, 'sleep'),
      end(A, 'sleep', 4), // on its own: offload
      start(A, 'actor_train'), // never ended
      start(A, 'actor_train'), // started again: the first is lost
    ])
      b.applyLine(l);
    b.applyLine(trainerPerf(A, 5, { train_wait_time: 30, train_time: 0, update_weights_time: 9 }));
    const t = b.timeline();
    expect(t.unmatched).toBe(2);
    const s = t.steps[0]!;
    expect(s.step).toBe(5);
    // update_weights from the perf line (9), offload from the lines (4), the rest waiting.
    expect(s.seconds).toMatchObject({ updateWeights: 9, offload: 4, waiting: 17, generation: 0 });
  });

  test('actor and critic: role-prefixed perf lines are ignored, the slower process sets the step', () => {
    const lines = [
      rolloutPerf(3, 20),
      end(A, 'train', 30),
      end(C, 'train', 50),
      trainerPerf(A, 3, { train_wait_time: 25, train_time: 30 }),
      trainerPerf(C, 3, { train_wait_time: 25, train_time: 50 }),
      `${C}model.py:918 - critic-perf 3: {'perf/train_time': 999}`,
    ];
    const t = buildTimeline(lines.join('\n'));
    expect(t.steps).toHaveLength(1);
    expect(t.steps[0]!.total).toBe(75);
    expect(t.steps[0]!.seconds.generation).toBe(20);
  });

  test("Ray's coloured actor prefixes are read like plain ones", () => {
    const colour = (p: string) => p.replace(/^\((.*?)\) /, '\x1b[36m($1)\x1b[0m ');
    const t = buildTimeline(
      [
        colour(end(A, 'train', 30)),
        colour(trainerPerf(A, 0, { train_wait_time: 5, train_time: 30 })),
        colour(end(C, 'train', 40)),
        colour(trainerPerf(C, 0, { train_wait_time: 5, train_time: 40 })),
      ].join('\n'),
    );
    expect(t.steps.map((s) => [s.step, s.total, s.source])).toEqual([[0, 45, 'perf']]);
  });

  test('a run with only rollout perf lines (--debug-rollout-only) still has generation per step', () => {
    const t = buildTimeline([rolloutPerf(0, 12), rolloutPerf(1, 14), 'noise', ''].join('\n'));
    expect(t.steps.map((s) => [s.step, s.seconds.generation, s.source])).toEqual([
      [0, 12, 'rollout'],
      [1, 14, 'rollout'],
    ]);
    expect(meanPhases(t.steps)).toBeNull();
  });

  test('mean phases over complete steps', () => {
    const lines: string[] = [start(A, 'train_wait')];
    syncStep(0, lines);
    syncStep(1, lines);
    const mean = meanPhases(buildTimeline(lines.join('\n')).steps)!;
    expect(mean.generation).toBe(40);
    expect(mean.actorTrain).toBe(20);
  });

  test("the trainer's rollout line names the step its timers belong to; a RolloutManager's does not", () => {
    const rolloutLine = (p: string, id: number) =>
      `${p}data.py:193 - rollout ${id}: {'rollout/raw_reward': 0.5}`;
    const t = buildTimeline(
      [rolloutLine(A, 7), start(A, 'log_probs'), end(A, 'log_probs', 3), start(A, 'actor_train')].join('\n'),
    );
    expect(t.steps).toEqual([
      expect.objectContaining({ step: 7, complete: false, running: ['actor_train'] }),
    ]);
    expect(t.steps[0]?.seconds.logProbs).toBe(3);
    // A RolloutManager's line is about generation, which train_async runs ahead of training.
    const ahead = buildTimeline([rolloutLine(A, 7), rolloutLine(R, 8), start(A, 'actor_train')].join('\n'));
    expect(ahead.steps.map((s) => s.step)).toEqual([7]);
  });

  test("a step ends at the stamp of the line that closes it: the trainer's perf line, the later process's", () => {
    const at = (p: string, time: string) => p.replace('2025-03-01 10:00:00', `2025-03-01 ${time}`);
    const lines = [
      rolloutPerf(3, 20),
      trainerPerf(at(A, '10:04:10'), 3, { train_wait_time: 25, train_time: 30 }),
      trainerPerf(at(C, '10:04:12'), 3, { train_wait_time: 25, train_time: 50 }),
      // Step 4's perf line was lost: the window closes at the first timer after `train end`.
      end(at(A, '10:05:00'), 'train', 30),
      start(at(A, '10:05:20'), 'update_weights'),
      // Step 5 runs: no end yet. A line without Ray's prefix or a stamp ends nothing.
      start('', 'actor_train'),
    ];
    const t = buildTimeline(lines.join('\n'));
    expect(t.steps.map((s) => [s.step, s.endedAt])).toEqual([
      [3, '2025-03-01 10:04:12'],
      [4, '2025-03-01 10:05:20'],
      [5, null],
    ]);
  });
});
