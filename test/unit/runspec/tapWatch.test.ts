import { expect, test } from 'vitest';
import { parseLogLine } from '../../../src/core/runspec/logLine';
import { RunConsole } from '../../../src/core/runspec/runConsole';
import { TAP_SILENCE_MS } from '../../../src/core/runspec/tapWatch';

const ROLLOUT =
  "[2026-01-01 10:00:00] train_metric_utils.py:135 - rollout 0: {'rollout/raw_reward': 0.5, 'rollout/rewards': 0.5}";
const check = (nowMs: number, streamed = false) => ({
  nowMs,
  streamed,
  runDir: '/runs/r1',
  boxLabel: 'gpu-box',
});

test("the tap's line is read with the Ray node that forwarded it", () => {
  expect(
    parseLogLine(
      '(RolloutManager pid=4242, ip=10.0.0.7) Rollout Studio tap: writing /runs/r1/rollouts.jsonl on host node-7 (pid 4242)',
    ),
  ).toEqual({ kind: 'tap', writes: true, path: '/runs/r1/rollouts.jsonl', host: 'node-7', node: '10.0.0.7' });
  expect(
    parseLogLine(
      "Rollout Studio tap: cannot write /runs/r1/rollouts.jsonl on host gpu-2: FileNotFoundError: [Errno 2] No such file or directory: '/runs/r1/rollouts.jsonl'",
    ),
  ).toEqual({
    kind: 'tap',
    writes: false,
    path: '/runs/r1/rollouts.jsonl',
    host: 'gpu-2',
    error: "FileNotFoundError: [Errno 2] No such file or directory: '/runs/r1/rollouts.jsonl'",
  });
});

test('a minute after the first rollout without records, the warning names where the tap writes', () => {
  const c = new RunConsole();
  c.apply(
    '(RolloutManager pid=4242, ip=10.0.0.7) Rollout Studio tap: writing /runs/r1/rollouts.jsonl on host node-7 (pid 4242)',
    0,
  );
  expect(c.tap.missing(check(10 * TAP_SILENCE_MS))).toBeUndefined();
  c.apply(ROLLOUT, 1000);
  expect(c.tap.missing(check(1000 + TAP_SILENCE_MS - 1))).toBeUndefined();
  expect(c.tap.missing(check(1000 + TAP_SILENCE_MS, true))).toBeUndefined();
  expect(c.tap.missing(check(1000 + TAP_SILENCE_MS))).toBe(
    "No rollouts reached gpu-box a minute after the run's first rollout: /runs/r1/rollouts.jsonl is missing. The tap writes /runs/r1/rollouts.jsonl on host node-7 (Ray node 10.0.0.7), which gpu-box does not see. The run directory must be on storage that gpu-box and slime's rollout process both read (a shared filesystem mounted at the same path on every node), or start the run on the node that runs the rollouts.",
  );
});

test('a tap that cannot write, or never spoke, is named as such', () => {
  const cannot = new RunConsole();
  cannot.apply(
    'Rollout Studio tap: cannot write /runs/r1/rollouts.jsonl on host gpu-2: PermissionError: denied',
    0,
  );
  cannot.apply(ROLLOUT, 0);
  expect(cannot.tap.missing(check(TAP_SILENCE_MS))).toContain(
    'The tap cannot write /runs/r1/rollouts.jsonl on host gpu-2: PermissionError: denied.',
  );
  const silent = new RunConsole();
  silent.apply(ROLLOUT, 0);
  expect(silent.tap.missing(check(TAP_SILENCE_MS))).toContain('The tap never said where it writes');
});
