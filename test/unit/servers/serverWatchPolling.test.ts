import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ServerRecord, ServerState } from '../../../src/core/servers/serverFiles';
import { ServerWatch } from '../../../src/remote/servers/serverWatch';
import type { ExecOptions, Target } from '../../../src/remote/target';

const RECORD: ServerRecord = {
  id: 's1',
  name: 'policy',
  createdAt: '2026-05-28T10:00:00.000Z',
  toolVersion: '0.0.0-test',
  argv: [],
  role: 'policy',
  host: '127.0.0.1',
  port: 30000,
  modelPath: '/models/Qwen3-4B',
};

/**
 * A box whose server directory holds `state` (none: not written yet) and an empty console.log, counting
 * every poll (each reads state.json once); `line` writes a console line to the follower's `tail -f`.
 */
function box(state: ServerState | undefined) {
  let polls = 0;
  let stdout: ((chunk: Buffer) => void) | undefined;
  const target = {
    readFile: (path: string) => {
      if (path.endsWith('/state.json')) polls++;
      return state
        ? Promise.resolve(Buffer.from(JSON.stringify(state)))
        : Promise.reject(new Error('ENOENT'));
    },
    stat: () => Promise.resolve({ size: 0, mtimeMs: 0, isDirectory: false }),
    exec: (_argv: readonly string[], options: ExecOptions = {}) => {
      stdout = options.onStdout;
      return new Promise((resolve) =>
        options.signal?.addEventListener('abort', () =>
          resolve({ code: null, signal: 'SIGTERM', stdout: Buffer.alloc(0), stderr: Buffer.alloc(0) }),
        ),
      );
    },
    onReconnect: () => () => undefined,
  } as unknown as Target;
  return {
    target,
    polls: () => polls,
    line: (text: string) => stdout?.(Buffer.from(`${text}\n`)),
  };
}

describe('ServerWatch polling', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('polls a server starting up on its own, then, once it has failed, only while something wants it', async () => {
    const b = box(undefined);
    const watch = new ServerWatch(b.target, '/srv/s1', RECORD, () => undefined, 1000);
    watch.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(b.polls()).toBe(1);
    // Nothing shows it, yet whether it comes up or fails must be told: every period.
    await vi.advanceTimersByTimeAsync(3000);
    expect(b.polls()).toBe(4);
    b.line('[t] Initialization failed. warmup error: something odd');
    // The failure is told once its cause had time to follow; then the polling stops.
    await vi.advanceTimersByTimeAsync(5000);
    expect(watch.snapshot().status).toBe('failed');
    expect(watch.watching).toBe(false);
    const settled = b.polls();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(b.polls()).toBe(settled);

    // The Servers view shows it: polled at once and every period, until it is hidden again.
    watch.want('servers view', true);
    await vi.advanceTimersByTimeAsync(0);
    expect(b.polls()).toBe(settled + 1);
    await vi.advanceTimersByTimeAsync(2000);
    expect(b.polls()).toBe(settled + 3);
    watch.want('servers view', false);
    expect(watch.watching).toBe(false);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(b.polls()).toBe(settled + 3);

    await watch.dispose();
    watch.want('servers view', true);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(b.polls()).toBe(settled + 3);
  });

  it('never polls again a server that has exited and whose log is all read, whatever wants it', async () => {
    const b = box({ state: 'exited', startedAt: RECORD.createdAt, exitCode: 0 });
    const watch = new ServerWatch(b.target, '/srv/s1', RECORD, () => undefined, 1000);
    watch.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(watch.snapshot().status).toBe('exited');
    expect(b.polls()).toBe(1);
    watch.want('servers view', true);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(b.polls()).toBe(1);
    expect(watch.watching).toBe(false);
    await watch.dispose();
  });
});
