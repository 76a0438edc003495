import { describe, expect, test } from 'vitest';
import { parseUtcOffset, stepEnds } from '../../../src/core/infra/stepEnds';
import { buildTimeline } from '../../../src/core/runspec/stepTimeline';
import { stepAt } from '../../../src/shared/stepEnds';

// A trainer's perf lines as slime's logger stamps them: the box's local time, to the second, no zone.
const perf = (step: number, stamp: string) =>
  `(MegatronTrainRayActor pid=2087) [${stamp}] train_metric_utils.py:401 - perf ${step}: {'perf/train_wait_time': 40.0, 'perf/train_time': 30.0, 'perf/step_time': 70.0}`;

describe('step ends on the GPU timeline', () => {
  test("`date +%z` says the box's offset in minutes east of UTC", () => {
    expect(parseUtcOffset('+0000\n')).toBe(0);
    expect(parseUtcOffset('+0530')).toBe(330);
    expect(parseUtcOffset('-0700')).toBe(-420);
    expect(parseUtcOffset('UTC')).toBeNull();
    expect(parseUtcOffset('')).toBeNull();
  });

  test("a step's stamp in the box's local time lands on the epoch clock of the readings", () => {
    const timeline = buildTimeline(
      [perf(11, '2026-03-01 05:30:10'), perf(12, '2026-03-01 05:31:40'), 'Timer actor_train start'].join(
        '\n',
      ),
    );
    // A box at +05:30: 05:30:10 there is 00:00:10 UTC.
    const ends = stepEnds(timeline.steps, 330);
    expect(ends).toEqual([
      { step: 11, t: Date.UTC(2026, 2, 1, 0, 0, 10) },
      { step: 12, t: Date.UTC(2026, 2, 1, 0, 1, 40) },
    ]);
    // Without a stamp, a step has no place on the clock.
    expect(stepEnds(buildTimeline(perf(3, 'x').replace('[x] ', '')).steps, 0)).toEqual([]);
  });

  test('a reading belongs to the first step that ended at or after it, and past the last, to "after" it', () => {
    const ends = [
      { step: 11, t: 10_000 },
      { step: 12, t: 100_000 },
    ];
    expect(stepAt(ends, 5_000)).toEqual({ step: 11, past: false });
    expect(stepAt(ends, 10_000)).toEqual({ step: 11, past: false });
    expect(stepAt(ends, 10_001)).toEqual({ step: 12, past: false });
    expect(stepAt(ends, 100_001)).toEqual({ step: 12, past: true });
    expect(stepAt([], 1)).toBeNull();
  });
});
