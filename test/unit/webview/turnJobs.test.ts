import { expect, test } from 'vitest';
import type { ReplayState, SglangCheckState, ViewerToHost } from '../../../src/shared/protocol';
import { REPLAY_MESSAGES, SGLANG_CHECK_MESSAGES, TurnJobs } from '../../../webview/viewer/turnJobs';

const KEY = { step: 2, evaluation: false, group: 1, index: 0 };
const OTHER = { ...KEY, index: 1 };

test('replays are kept per sample and turn; a newer replay of a turn replaces the older, whose late states are dropped', () => {
  const sent: ViewerToHost[] = [];
  let changes = 0;
  const store = new TurnJobs<ReplayState>(
    REPLAY_MESSAGES,
    (m) => sent.push(m),
    () => changes++,
  );
  store.start('run', KEY, 4);
  expect(sent).toEqual([{ type: 'replay', replayId: 1, runKey: 'run', key: KEY, turn: 4 }]);
  expect(store.forSample('run', KEY).get(4)).toEqual({ phase: 'running', server: null });
  expect(store.forSample('run', OTHER).size).toBe(0);

  // Replaying again while the first still runs cancels it first.
  store.start('run', KEY, 4);
  expect(sent.slice(1)).toEqual([
    { type: 'cancelReplay', replayId: 1 },
    { type: 'replay', replayId: 2, runKey: 'run', key: KEY, turn: 4 },
  ]);
  store.update(1, { phase: 'cancelled' });
  expect(store.forSample('run', KEY).get(4)).toEqual({ phase: 'running', server: null });
  store.update(2, { phase: 'failed', message: 'Nothing answers on 127.0.0.1:30000 on gpu-box' });
  expect(store.forSample('run', KEY).get(4)?.phase).toBe('failed');
  // Unknown ids (another panel's, or from before a reload) change nothing.
  const before = store.version;
  store.update(99, { phase: 'cancelled' });
  expect(store.version).toBe(before);
  expect(changes).toBe(before);

  // Cancel only asks the host while the replay runs.
  store.cancel('run', KEY, 4);
  expect(sent).toHaveLength(3);
  store.start('run', OTHER, 2);
  store.cancel('run', OTHER, 2);
  expect(sent.at(-1)).toEqual({ type: 'cancelReplay', replayId: 3 });
});

test('checks with the box SGLang are kept per turn like replays, and are never cancelled', () => {
  const sent: ViewerToHost[] = [];
  const store = new TurnJobs<SglangCheckState>(
    SGLANG_CHECK_MESSAGES,
    (m) => sent.push(m),
    () => undefined,
  );
  store.start('run', KEY, 3);
  expect(store.forSample('run', KEY).get(3)).toEqual({ phase: 'running', box: null });
  store.start('run', KEY, 3);
  expect(sent).toEqual([
    { type: 'sglangCheck', checkId: 1, runKey: 'run', key: KEY, turn: 3 },
    { type: 'sglangCheck', checkId: 2, runKey: 'run', key: KEY, turn: 3 },
  ]);
  store.update(1, { phase: 'no-box' });
  expect(store.forSample('run', KEY).get(3)).toEqual({ phase: 'running', box: null });
  store.update(2, { phase: 'failed', box: 'gpu-box', message: 'SGLang is not installed' });
  expect(store.forSample('run', KEY).get(3)?.phase).toBe('failed');
});
