import type { Target } from '../target';
import { readServerRecord } from './discoverServers';
import { ServerWatch } from './serverWatch';
import type { ServerSnapshot } from './serverWatch';

export class ServerNotReadyError extends Error {}

/**
 * Waits, through a ServerWatch, until the server in `dir` is ready, and rejects with the named failure
 * when it fails or exits first, or once `timeoutMs` has passed (a big checkpoint takes minutes to load).
 */
export async function serverReady(
  target: Target,
  dir: string,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<ServerSnapshot> {
  const record = await readServerRecord(target, dir);
  let watch: ServerWatch | undefined;
  try {
    return await new Promise<ServerSnapshot>((resolve, reject) => {
      const fail = (why: string) =>
        reject(new ServerNotReadyError(`${record.name} on ${target.label}: ${why}`));
      const timer = setTimeout(() => fail(`not ready after ${Math.round(timeoutMs / 1000)} s`), timeoutMs);
      signal?.addEventListener('abort', () => fail('no longer waited for'), { once: true });
      watch = new ServerWatch(target, dir, record, (s) => {
        if (s.status === 'ready') resolve(s);
        else if (s.status === 'failed') fail(s.failure ?? 'failed');
        else if (s.status === 'exited' || s.status === 'stopped') fail(`${s.status} before it was ready`);
        else return;
        clearTimeout(timer);
      });
      watch.start();
    });
  } finally {
    await watch?.dispose();
  }
}
