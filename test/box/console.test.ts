import { appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { RunConsole } from '../../src/core/runspec/runConsole';
import { ConsoleFollower } from '../../src/remote/launch/consoleFollower';
import { until } from '../until';
import { useTrustedBox } from './harness/trustedBox';

const box = useTrustedBox('rs-console-box-');

// slime's real line shapes (reference/slime.md 2.5), behind Ray's actor prefix.
const rollout = (i: number) =>
  `(RolloutManager pid=4242) [2026-08-21 10:00:0${i}] rollout_metrics.py:268 - rollout ${i}: {'rollout/raw_reward': ${0.25 * (i + 1)}, 'rollout/response_len/mean': 512.0, 'perf/step_time': 30.0}`;

test('a console that appears late, arrives in pieces and loses its connection is read once, in order, and feeds progress', async () => {
  const { sshd, target, dir } = box();
  const path = join(dir, 'console.log');
  const lines: string[] = [];
  const raw: Buffer[] = [];
  const run = new RunConsole(10);
  const follower = new ConsoleFollower(
    target,
    path,
    {
      onData: (c) => raw.push(c),
      onLine: (l) => {
        lines.push(l);
        run.apply(l, Date.now());
      },
    },
    { retryMs: 100 },
  );
  follower.start();
  // The file does not exist yet (the launch script has not started): the follower waits for it.
  await new Promise((r) => setTimeout(r, 300));
  await appendFile(path, `${rollout(0)}\nhalf a li`);
  await appendFile(path, 'ne ✓ 模');
  await until(() => lines.length === 1, 'the first line');
  // The multi-byte character is split across writes.
  const bytes = Buffer.from('型\n');
  await appendFile(path, bytes.subarray(0, 1));
  await sshd.killConnections();
  await appendFile(path, Buffer.concat([bytes.subarray(1), Buffer.from(`${rollout(1)}\n`)]));
  await until(() => lines.length === 3, 'the lines written while the connection was down');
  await appendFile(
    path,
    `${rollout(2)}\nTraceback (most recent call last):\ntorch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB\n`,
  );
  await until(() => lines.length === 6, 'the traceback');
  await follower.stop();

  expect(lines[1]).toBe('half a line ✓ 模型');
  expect(lines.filter((l) => l.includes('rollout 1:'))).toHaveLength(1);
  expect(Buffer.concat(raw).length).toBe(follower.offset);
  expect(run.tracker.progress).toMatchObject({
    step: 2,
    totalSteps: 10,
    rewardMean: 0.75,
    etaSeconds: 7 * 30,
  });
  expect(run.failure()).toMatchObject({ consoleLine: 5, cause: { code: 'cuda-oom' } });

  // A new follower (after a VS Code restart) resumes at the offset: nothing repeats, nothing is lost.
  await appendFile(path, `${rollout(3)}\n`);
  const resumed: string[] = [];
  const again = new ConsoleFollower(
    target,
    path,
    { onLine: (l) => resumed.push(l) },
    { from: follower.offset },
  );
  again.start();
  await until(() => resumed.length === 1, 'the resumed line');
  await again.stop();
  expect(resumed).toEqual([rollout(3)]);
});
