import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConsoleTimelines } from '../../../src/remote/consoleTimeline';
import { LocalTarget } from '../../../src/remote/localTarget';
import type { ExecOptions } from '../../../src/remote/target';

const A = '(MegatronTrainRayActor pid=2087) [2025-03-01 10:00:00] ';
const stepLines = (id: number) =>
  [
    `(RolloutManager pid=1999) [2025-03-01 10:00:00] rollout_metrics.py:268 - perf ${id}: {'perf/rollout_time': 40.0}`,
    `${A}timer.py:31 - Timer train_wait end (elapsed: 45.0s)`,
    `${A}timer.py:24 - Timer train start`,
    `${A}timer.py:31 - Timer train end (elapsed: 30.0s)`,
    `${A}timer.py:24 - Timer train_wait start`,
    `${A}train_metric_utils.py:401 - perf ${id}: {'perf/train_wait_time': 45.0, 'perf/train_time': 30.0, 'perf/step_time': 75.0}`,
  ].join('\n') + '\n';

describe('step timelines of console.log files, read incrementally through a target', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rs-console-timeline-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads only what was appended, waits for a line being written, and starts over on a replaced file', async () => {
    const target = new LocalTarget();
    const reads: string[] = [];
    const exec = target.exec.bind(target);
    target.exec = (argv: readonly string[], options?: ExecOptions) => {
      reads.push(argv.join(' '));
      return exec(argv, options);
    };
    const file = join(dir, 'console.log');
    const timelines = new ConsoleTimelines();
    expect(await timelines.get(target, file)).toBeNull();

    writeFileSync(file, stepLines(0));
    expect((await timelines.get(target, file))!.timeline.steps.map((s) => [s.step, s.total])).toEqual([
      [0, 75],
    ]);
    // Nothing new: no read at all.
    const before = reads.length;
    await timelines.get(target, file);
    expect(reads.length).toBe(before);

    // Half a line: left for the next read, then read whole.
    const next = stepLines(1);
    appendFileSync(file, next.slice(0, next.length - 20));
    expect((await timelines.get(target, file))!.timeline.steps.filter((s) => s.complete)).toHaveLength(1);
    appendFileSync(file, next.slice(next.length - 20));
    expect((await timelines.get(target, file))!.timeline.steps.map((s) => [s.step, s.complete])).toEqual([
      [0, true],
      [1, true],
    ]);
    expect(reads.at(-1)).toMatch(/^tail -c \+\d+ /);
    expect(Number(/\+(\d+)/.exec(reads.at(-1)!)![1])).toBeGreaterThan(stepLines(0).length);

    // A restarted run truncates its console: the timeline starts over.
    writeFileSync(file, stepLines(7));
    expect((await timelines.get(target, file))!.timeline.steps.map((s) => s.step)).toEqual([7]);
  });

  it('remembers the W&B run page the console announced, in the same incremental read', async () => {
    const target = new LocalTarget();
    const file = join(dir, 'wandb-console.log');
    const timelines = new ConsoleTimelines();
    expect((await timelines.get(target, file))?.wandbUrl ?? null).toBeNull();
    writeFileSync(file, stepLines(0));
    expect((await timelines.get(target, file))?.wandbUrl ?? null).toBeNull();
    appendFileSync(
      file,
      '(MegatronTrainRayActor pid=2087) wandb: 🚀 View run at https://wandb.ai/team/slime-tau2/runs/k3x9q2\n',
    );
    expect((await timelines.get(target, file))?.wandbUrl ?? null).toBe(
      'https://wandb.ai/team/slime-tau2/runs/k3x9q2',
    );
    // Later lines without a link keep it; the timeline is still read.
    appendFileSync(file, stepLines(1));
    expect((await timelines.get(target, file))?.wandbUrl ?? null).toBe(
      'https://wandb.ai/team/slime-tau2/runs/k3x9q2',
    );
    expect((await timelines.get(target, file))!.timeline.steps).toHaveLength(2);
  });
});
