import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { checkWithBoxSglang } from '../../../src/remote/boxSglangCheck';
import { LocalTarget } from '../../../src/remote/localTarget';
import { isAbort, untilAborted } from '../../../src/core/work/slicedWork';
import { until } from '../../until';

const dir = mkdtempSync(join(tmpdir(), 'rs-sglang-cancel-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test("Cancel ends the box's python3 during a check and rejects with an AbortError", async () => {
  // Stands in for a box whose SGLang takes its time: it says it started, then sleeps past any test timeout.
  const started = join(dir, 'started');
  const script = `import sys, time; sys.stdin.readline(); open(${JSON.stringify(started)}, 'w').close(); time.sleep(600)`;
  const abort = new AbortController();
  const input = { parser: 'qwen25', reasoningParser: 'qwen3', forceReasoning: false, tools: [], text: 'hi' };
  const checked = checkWithBoxSglang(new LocalTarget(), script, input, abort.signal);
  await until(() => existsSync(started), 'python3 to start');
  abort.abort();
  expect(isAbort(await checked.catch((e: unknown) => e))).toBe(true);
});

test('a wait stops at an abort while the awaited work goes on, and gives its outcome otherwise', async () => {
  let finish!: (v: string) => void;
  const work = new Promise<string>((resolve) => (finish = resolve));
  const abort = new AbortController();
  const waited = untilAborted(work, abort.signal);
  abort.abort();
  expect(isAbort(await waited.catch((e: unknown) => e))).toBe(true);
  expect(isAbort(await untilAborted(work, abort.signal).catch((e: unknown) => e))).toBe(true);
  finish('done');
  expect(await work).toBe('done');
  expect(await untilAborted(work, new AbortController().signal)).toBe('done');
});
