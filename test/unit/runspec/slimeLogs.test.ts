import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { classifyFailure } from '../../../src/core/runspec/failureCause';
import { readConsoleReport } from '../../../src/core/runspec/consoleReport';
import { parseLogLine } from '../../../src/core/runspec/logLine';

// Real slime console excerpts, labelled in sources.md before any of this code ran on them.
const DIR = join(__dirname, '../../fixtures/upstream/slime-logs');
const report = (n: string) => readConsoleReport(readFileSync(join(DIR, `${n}.log`), 'utf8'));

// The cause each excerpt names (sources.md); null where no cause of the list can be read from it.
const CAUSES: Record<string, string | null> = {
  '01': 'cuda-oom',
  '02': 'cuda-oom',
  '03': 'nccl',
  '04': 'nccl',
  '05': 'nccl',
  '06': null,
  '07': null,
  '08': null,
  '09': null,
  '10': null,
  '11': null,
  '12': null,
  '13': null,
  '14': null,
  '15': 'sglang-scheduler',
  '16': null,
  '17': 'cuda-oom',
  '18': 'router-no-workers',
  '19': null,
  '20': 'cuda-graph-capture',
  '21': 'hf-config-mismatch',
  '22': 'router-no-workers',
  '23': null,
  '24': null,
  '25': null,
  '26': 'ray-actor-died',
  '27': null,
};

describe('real slime console excerpts', () => {
  test.each(Object.entries(CAUSES))('%s.log → %s', (n, cause) => {
    expect(report(n).failure?.cause ?? null).toBe(cause);
  });

  test('the named line is the one that says it, counted from 1', () => {
    expect(report('02').failure).toMatchObject({
      line: 15,
      message: expect.stringMatching(/^ray\.exceptions\.RayTaskError\(OutOfMemoryError\)/),
    });
    expect(report('04').failure?.message).toMatch(/^ray\.exceptions\.RayTaskError\(DistBackendError\)/);
    // Behind a log collector's and Ray's prefixes.
    expect(report('15').failure?.line).toBe(2);
    expect(report('20').failure?.message).toBe('Exception: Capture cuda graph failed');
  });

  test("torch_memory_saver's malloc OOM line alone is not fatal", () => {
    const line =
      '(MegatronTrainRayActor pid=1076535) [torch_memory_saver.cpp] TorchMemorySaver::malloc return OOM since memory_margin_bytes=1073741824 (alloc)size=65867350016 free_bytes=28822863872 [repeated 3x across cluster]';
    expect(classifyFailure([line])).toBeUndefined();
  });

  test('traceback code lines never name a cause; the exception line does', () => {
    const lines = [
      'Traceback (most recent call last):',
      '  File "/slime/slime/utils/arguments.py", line 1, in slime_validate_args',
      '    raise ValueError(f"--rollout-batch-size must be > 0")',
      '  File "/slime/x.py", line 2, in f',
      "    assert args.hf_checkpoint, 'hf_validate_args failed'",
      '           ^^^^^^^^^^^^^^^^^^',
    ];
    expect(classifyFailure(lines)).toBeUndefined();
    expect(classifyFailure([...lines, 'ValueError: --rollout-batch-size must be > 0'])).toMatchObject({
      cause: { code: 'invalid-config' },
      line: 6,
    });
  });

  test("an assertion raised by slime's argument checks is the configuration, elsewhere it is not", () => {
    // The message of slime_validate_args (slime/utils/arguments.py at 624b824a8) names values, not flags.
    const raised = (file: string, fn: string) => [
      'Traceback (most recent call last):',
      `  File "/root/slime/${file}", line 1976, in ${fn}`,
      '    assert args.over_sampling_batch_size >= args.rollout_batch_size, (',
      '           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^',
      'AssertionError: over_sampling_batch_size 4 should be greater than or equal to rollout_batch_size 8',
    ];
    expect(classifyFailure(raised('slime/utils/arguments.py', 'slime_validate_args'))).toMatchObject({
      cause: { code: 'invalid-config' },
      line: 4,
    });
    expect(classifyFailure(raised('slime/ray/placement_group.py', 'create_training_models'))).toBeUndefined();
  });

  test("progress: the step and slime's metric names on 06–10", () => {
    expect(report('06').progress).toMatchObject({
      step: 11,
      metrics: { 'train/grad_norm': 0.07986056034213801 },
    });
    expect(report('07').progress).toMatchObject({
      step: 0,
      metrics: { 'perf/rollout_time': 371.1796889305115, 'perf/tokens_per_gpu_per_sec': 239.12643295688667 },
    });
    expect(report('07').progress.metrics['rollout/raw_reward']).toBeUndefined();
    // The poster shortened both dicts with `...`; what is there is read.
    expect(report('08').progress).toEqual({
      step: 16,
      metrics: {
        'rollout/response_lengths': 18408.32,
        'rollout/rewards': -8.03e-9,
        'passrate/pass@1': 0.243,
        'passrate/pass@2': 0.324,
      },
    });
    expect(report('09').progress).toMatchObject({
      step: 0,
      metrics: { 'rollout/raw_reward': -0.10908203125000002 },
    });
    expect(report('10').progress).toMatchObject({
      step: 0,
      metrics: {
        'rollout/raw_reward': 0.20833333333333334,
        'perf/rollout_time': 262.3797221183777,
        'perf/tokens_per_gpu_per_sec': 177.57723916502007,
      },
    });
    for (const n of ['01', '02', '03', '11', '13', '15', '18', '23'])
      expect(report(n).progress.step).toBeNull();
  });

  test('timeline: Timer lines land on the step the trainer names', () => {
    const six = report('06').steps;
    expect(six).toHaveLength(1);
    expect(six[0]).toMatchObject({ step: 11, complete: false, running: [] });
    expect(six[0]?.seconds.actorTrain).toBe(81.3);
    expect(report('07').steps).toEqual([
      expect.objectContaining({ step: 0, source: 'rollout', rolloutSeconds: 371.1796889305115 }),
    ]);
    expect(report('07').steps[0]?.seconds.generation).toBe(371.1796889305115);
    expect(report('08').steps).toEqual([
      expect.objectContaining({ step: 16, complete: false, running: ['actor_train'] }),
    ]);
    const nine = report('09').steps;
    expect(nine).toEqual([expect.objectContaining({ step: 0, complete: false, running: ['actor_train'] })]);
    expect(nine[0]?.seconds.logProbs).toBe(4.5);
    const ten = report('10').steps;
    expect(ten).toEqual([expect.objectContaining({ step: 0, nonGenerationPerSample: 70.91888347896747 })]);
    expect(ten[0]?.seconds.generation).toBe(262.3797221183777);
  });

  test('a log collector prefix and a web viewer paste still read as console lines', () => {
    expect(
      parseLogLine(
        "[2025-12-18T16:24:02+08:00] pod-1 >> (MegatronTrainRayActor pid=3111) [2025-12-18 08:24:01] data.py:193 - rollout 4: {'rollout/raw_reward': 0.5}",
      ),
    ).toMatchObject({ kind: 'metrics', family: 'rollout', id: 4, metrics: { 'rollout/raw_reward': 0.5 } });
    expect(
      parseLogLine("[2026-01-23 17:02:54] multi_turn 3: {'multi_turn/round_number_mean': 4.5}"),
    ).toMatchObject({ kind: 'metrics', family: 'other', name: 'multi_turn', id: 3 });
  });
});
