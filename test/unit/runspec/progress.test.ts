import { describe, expect, test } from 'vitest';
import { classifyFailure } from '../../../src/core/runspec/failureCause';
import { parseLogLine } from '../../../src/core/runspec/logLine';
import { parsePyRepr } from '../../../src/core/runspec/pyRepr';
import { ProgressTracker } from '../../../src/core/runspec/runProgress';

describe('Python reprs', () => {
  test('single quotes, nan, inf, True/None, tuples and numpy scalars', () => {
    const v = parsePyRepr(
      "{'a': 0.5, 'b': nan, 'c': -inf, 'd': True, 'e': None, 'f': (1, 2), 'g': np.float64(0.25), \"h\": 'it\\'s', 'i': 1e-06}",
    ) as Record<string, unknown>;
    expect(v.a).toBe(0.5);
    expect(Number.isNaN(v.b)).toBe(true);
    expect(v.c).toBe(-Infinity);
    expect(v).toMatchObject({ d: true, e: null, f: [1, 2], g: 0.25, h: "it's", i: 1e-6 });
    expect(() => parsePyRepr("{'a': <object at 0x1>}")).toThrow();
  });
});

describe('slime log lines', () => {
  test("the trainer's reward line behind a Ray actor prefix (format of slime issue #1527)", () => {
    const e = parseLogLine(
      "(MegatronTrainRayActor pid=2087) [2025-03-01 10:00:00] train_metric_utils.py:135 - rollout 0: {'rollout/response_lengths': 4023.29, 'rollout/rewards': 0.0, 'rollout/raw_reward': 0.0, 'rollout/advantages': nan}",
    );
    expect(e).toMatchObject({
      kind: 'metrics',
      family: 'rollout',
      id: 0,
      metrics: { 'rollout/raw_reward': 0 },
    });
  });

  test('perf, step (incl. a critic role), eval, timers, tqdm with carriage returns, router', () => {
    expect(
      parseLogLine(
        "[2025-03-01 10:00:00] rollout_metrics.py:268 - perf 3: {'perf/rollout_time': 41.5, 'perf/tokens_per_gpu_per_sec': 812.3}",
      ),
    ).toMatchObject({ family: 'perf', id: 3, metrics: { 'perf/tokens_per_gpu_per_sec': 812.3 } });
    expect(
      parseLogLine("[2025-03-01 10:00:00] model.py:918 - critic-step 7: {'train/critic-loss': 0.1}"),
    ).toMatchObject({
      family: 'step',
      role: 'critic',
      id: 7,
    });
    expect(
      parseLogLine("[2025-03-01 10:00:00] rollout_metrics.py:247 - eval 5: {'eval/retail-dev': 0.31}"),
    ).toMatchObject({
      family: 'eval',
      metrics: { 'eval/retail-dev': 0.31 },
    });
    expect(
      parseLogLine('[2025-03-01 10:00:00] timer.py:31 - Timer update_weights end (elapsed: 12.3s)'),
    ).toEqual({
      kind: 'timer',
      name: 'update_weights',
      phase: 'end',
      elapsedSeconds: 12.3,
    });
    expect(
      parseLogLine(
        'Rollout generation:  10%|#    | 13/128 [00:05<00:40]\rRollout generation:  50%|#####| 64/128',
      ),
    ).toEqual({
      kind: 'generation',
      label: 'Rollout generation',
      done: 64,
      total: 128,
    });
    expect(
      parseLogLine(
        '[2025-03-01 10:00:00] rollout.py:967 - Router launched at 10.0.0.2:3456, Prometheus port: 4567',
      ),
    ).toEqual({
      kind: 'router',
      address: '10.0.0.2:3456',
    });
    expect(
      parseLogLine('[2025-03-01 10:00:00] rollout.py:421 - First rollout sample: [...]'),
    ).toBeUndefined();
  });

  test('progress: step N of M, reward from the trainer line, throughput, ETA', () => {
    const t = new ProgressTracker(10);
    const feed = (line: string, at: number) => {
      const e = parseLogLine(line);
      if (e) t.apply(e, at);
    };
    feed("perf 0: {'perf/tokens_per_gpu_per_sec': 100.0}", 0);
    feed("rollout 0: {'rollout/raw_reward': 0.25}", 1000);
    feed("perf 1: {'perf/tokens_per_gpu_per_sec': 120.0}", 60_000);
    feed("rollout 1: {'rollout/raw_reward': 0.5}", 61_000);
    expect(t.progress).toMatchObject({
      step: 1,
      rewardMean: 0.5,
      tokensPerGpuPerSecond: 120,
      secondsPerStep: 60,
    });
    expect(t.progress.etaSeconds).toBe(8 * 60);
    expect([...(t.series.get('rollout/raw_reward') ?? [])]).toEqual([
      [0, 0.25],
      [1, 0.5],
    ]);
  });
});

describe("the trainer's step lines", () => {
  test('move progress to the rollout they train: step 11 at four steps per rollout is rollout 2', () => {
    const t = new ProgressTracker(undefined, 4);
    const e = parseLogLine("[2025-12-17 14:10:28] model.py:918 - step 11: {'train/grad_norm': 0.08}");
    if (e) t.apply(e, 0);
    expect(t.progress.step).toBe(2);
    expect(t.latest.get('train/grad_norm')).toBe(0.08);
  });
});

describe('failure causes', () => {
  test.each([
    ['torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB', 'cuda-oom'],
    ['RuntimeError: Not enough memory. Please try to increase --mem-fraction-static.', 'kv-cache-memory'],
    [
      'AssertionError: hf_validate_args failed: hidden_size in hf config 2560 is not equal to hidden_size 4096',
      'hf-config-mismatch',
    ],
    [
      "ERROR: [Errno 98] error while attempting to bind on address ('127.0.0.1', 30000): address already in use",
      'port-in-use',
    ],
    [
      'torch.distributed.DistBackendError: NCCL error in: ProcessGroupNCCL.cpp:1970, unhandled system error',
      'nccl',
    ],
    ['FileNotFoundError: ref_load /root/ref does not exist, please check the path.', 'missing-path'],
    ['ConnectionError: Failed to connect to Ray at address: http://127.0.0.1:8265.', 'ray-unavailable'],
    ['train.py: error: the following arguments are required: --rollout-batch-size', 'bad-argument'],
    ['ValueError: --rollout-temperature must be > 0; temperature 0 is greedy decoding', 'invalid-config'],
  ])('%s → %s', (line, code) => {
    expect(
      classifyFailure(['Traceback (most recent call last):', '  File "x.py", line 1', line]),
    ).toMatchObject({
      cause: { code },
      line: 2,
    });
  });

  test('the most specific cause wins over the assertion that carried it', () => {
    expect(
      classifyFailure(['AssertionError', 'torch.OutOfMemoryError: CUDA out of memory.'])?.cause.code,
    ).toBe('cuda-oom');
    expect(classifyFailure(['all good'])).toBeUndefined();
  });
});
