import { join } from 'node:path';
import { freePort } from '../../scripts/lib/codeServer.mjs';
import { expect, test } from 'vitest';
import { readServerRecord } from '../../src/remote/servers/discoverServers';
import { launchServer, prepareServer } from '../../src/remote/servers/launchServer';
import { ServerSpecSchema } from '../../src/remote/servers/serverSpec';
import type { ServerSpecInput } from '../../src/remote/servers/serverSpec';
import { ServerWatch } from '../../src/remote/servers/serverWatch';
import { stopServer } from '../../src/remote/servers/stopServer';
import { useSglangBox } from './harness/sglangBox';

// A running server's load from its /metrics, over real ssh and a forward, from the stand-in SGLang
// (scheduler gauges in Prometheus text, as SGLang 0.5.9 names them, with --enable-metrics only).
const box = useSglangBox('rs-server-load-');

async function watched(over: Partial<ServerSpecInput>) {
  const { target, dir } = box();
  const spec = ServerSpecSchema.parse({
    name: 'policy',
    modelPath: '/models/Qwen3-4B',
    port: await freePort(),
    serversRoot: join(dir, 'servers'),
    ...over,
  });
  const launched = await launchServer(target, prepareServer(spec, '0.0.0-test'));
  const watch = new ServerWatch(
    target,
    launched.dir,
    await readServerRecord(target, launched.dir),
    () => undefined,
    250,
  );
  watch.start();
  // As while the Servers view shows it: polled past ready, for its load and its end.
  watch.want('servers view', true);
  return { watch, stop: () => stopServer(target, launched.dir, { graceMs: 10_000 }) };
}

test('a server started by the tool reports running requests, queue, KV-cache use and throughput', async () => {
  // Each generation takes 3 s, so one can be seen under way.
  const { watch, stop } = await watched({ env: { STANDIN_SGLANG_DECODE_SECONDS: '3' } });
  try {
    await expect
      .poll(() => watch.snapshot().load, { timeout: 30_000 })
      .toEqual({
        running: 0,
        queued: 0,
        kvCacheUse: 0,
        genThroughput: 0,
      });
    const base = watch.snapshot().baseUrl!;
    const answered = fetch(`${base}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ messages: [{ role: 'user', content: 'Where is my order #W0000001?' }] }),
    });
    await expect.poll(() => watch.snapshot().load?.running, { timeout: 10_000 }).toBe(1);
    expect(watch.snapshot().load!.kvCacheUse).toBeGreaterThan(0);
    expect((await answered).status).toBe(200);
    await expect.poll(() => watch.snapshot().load?.running, { timeout: 10_000 }).toBe(0);
    expect(watch.snapshot().load!.genThroughput).toBeGreaterThan(0);
    expect(watch.snapshot().loadProblem).toBeUndefined();
    // The readings stay for the Servers view's bars: the request under way is among them, the newest last.
    const history = watch.snapshot().loadHistory;
    expect(history.some((r) => r.load.running === 1)).toBe(true);
    expect(history.at(-1)!.load).toEqual(watch.snapshot().load);
    expect(history.map((r) => r.at)).toEqual([...history.map((r) => r.at)].sort((a, b) => a - b));
  } finally {
    await watch.dispose();
    await stop();
  }
});

test('a server without --enable-metrics says why it has no load figures', async () => {
  const { watch, stop } = await watched({ enableMetrics: false });
  try {
    await expect
      .poll(() => watch.snapshot().loadProblem, { timeout: 30_000 })
      .toBe('No load figures: the server was started without --enable-metrics.');
    expect(watch.snapshot().status).toBe('ready');
    expect(watch.snapshot().load).toBeUndefined();
    expect(watch.snapshot().loadHistory).toEqual([]);
  } finally {
    await watch.dispose();
    await stop();
  }
});
