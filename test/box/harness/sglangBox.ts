import { join, resolve } from 'node:path';
import { discoverServers } from '../../../src/remote/servers/discoverServers';
import { stopServer } from '../../../src/remote/servers/stopServer';
import { useTrustedBox } from './trustedBox';
import type { TrustedBox } from './trustedBox';

// The stand-in `sglang` package (test/fixtures/box/sglang) is on the box's PYTHONPATH, so the product's
// `python3 -m sglang.launch_server ...` runs it exactly as it would run SGLang.
const FIXTURE = resolve(__dirname, '../../fixtures/box/sglang');

/**
 * A trusted box whose python3 finds the stand-in SGLang (and what is in `pythonPath`); servers go under
 * `<dir>/servers`. A failed test
 * may leave its server running, so what the tests started (only that) is stopped before the box goes.
 */
export function useSglangBox(dirPrefix: string, pythonPath: readonly string[] = []): () => TrustedBox {
  return useTrustedBox(dirPrefix, {
    env: { PYTHONPATH: [FIXTURE, ...pythonPath].join(':') },
    beforeClose: async ({ target, dir }) => {
      for (const server of await discoverServers(target, join(dir, 'servers')).catch(() => []))
        await stopServer(target, server.dir, { graceMs: 5_000 }).catch(() => undefined);
    },
  });
}
