import { expect, test } from 'vitest';
import { ServerLogState } from '../../../src/remote/servers/serverLog';

// Lines as SGLang prints them (reference/sglang.md 2), with the `[time]` and TP prefixes it adds.
const STARTUP = [
  '[2026-05-28 10:00:00] server_args=ServerArgs(model_path=/models/Qwen3-4B, ...)',
  '[2026-05-28 10:00:03 TP0] Load weight begin. avail mem=78.52 GB',
  '[2026-05-28 10:00:09 TP0] Load weight end. type=Qwen3ForCausalLM, dtype=torch.bfloat16, avail mem=70.91 GB',
  '[2026-05-28 10:00:09 TP0] KV Cache is allocated. #tokens: 414113, K size: 28.44 GB, V size: 28.44 GB',
  '[2026-05-28 10:00:15] INFO:     Uvicorn running on http://127.0.0.1:30000 (Press CTRL+C to quit)',
  '[2026-05-28 10:00:17] The server is fired up and ready to roll!',
];

test('the phases follow the startup lines to ready', () => {
  const s = new ServerLogState();
  const phases = STARTUP.map((l) => (s.apply(l), s.phase));
  expect(phases).toEqual([
    'starting',
    'loading-weights',
    'loading-weights',
    'allocating-kv-cache',
    'warming-up',
    'ready',
  ]);
  expect(s.failure).toBeUndefined();
});

test.each([
  [
    [
      '[t TP0] Scheduler hit an exception: Traceback (most recent call last):',
      '  File "x.py", line 1',
      'torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 1.50 GiB.',
    ],
    'cuda-oom',
  ],
  [
    [
      'Traceback (most recent call last):',
      'RuntimeError: Not enough memory. Please try to increase --mem-fraction-static.',
    ],
    'kv-cache-memory',
  ],
  [
    [
      "ERROR:    [Errno 98] error while attempting to bind on address ('127.0.0.1', 30000): address already in use",
    ],
    'port-in-use',
  ],
  [
    ["sglang serve: error: argument --tool-call-parser: invalid choice: 'x' (choose from 'qwen', 'qwen25')"],
    'bad-argument',
  ],
  [['sglang serve: error: unrecognized arguments: --tp-szie 2'], 'bad-argument'],
  [
    [
      'Rank 0 scheduler died during initialization (exit code: -9). If exit code is -9 (SIGKILL), a common cause is the OS OOM killer.',
    ],
    'host-oom',
  ],
])('%j is classified as %s', (lines, code) => {
  const s = new ServerLogState();
  for (const l of [...STARTUP.slice(0, 3), ...lines]) s.apply(l);
  expect(s.phase).toBe('failed');
  expect(s.failure?.cause.code).toBe(code);
  // Shown while the cause is still on its way: where startup had got to.
  expect(s.phaseBeforeFailure).toBe('loading-weights');
});

test('a fatal line without a known cause is reported as it is; a later ready line does not undo the failure', () => {
  const s = new ServerLogState();
  s.apply('[t] Initialization failed. warmup error: something odd');
  s.apply('The server is fired up and ready to roll!');
  expect(s.phase).toBe('failed');
  expect(s.describeFailure(1)).toBe('[t] Initialization failed. warmup error: something odd');
});

test('an exit with nothing fatal in the log says so with the exit code', () => {
  const s = new ServerLogState();
  s.apply(STARTUP[1] as string);
  expect(s.describeFailure(137)).toBe('the server exited with code 137 before it was ready');
});
