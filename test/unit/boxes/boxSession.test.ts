import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { runDemoCommand } from '../../../src/cli/demo';
import type { BoxFindings } from '../../../src/remote/boxProbe';
import { until } from '../../until';
import { BoxSession, startableBoxes } from '../../../src/vscode/boxes/boxSession';
import { LocalTarget } from '../../../src/remote/localTarget';

const quietLog = { warn: () => undefined, info: () => undefined } as unknown as ConstructorParameters<
  typeof BoxSession
>[3];
const session = (alias: string) =>
  new BoxSession(
    alias,
    '/nonexistent',
    () => ({ annotate: () => ({ errors: 0, warnings: 0, dropped: 0 }), key: 'test' }),
    quietLog,
    () => undefined,
  );

describe('BoxSession', () => {
  it('a box still connecting counts as a place to start, so a start right after Connect does not fall back to this machine', () => {
    const local = session('local');
    local.attach(new LocalTarget(), undefined);
    const gpu = session('gpu-box');
    const failed = session('down-box');
    failed.fail(new Error('refused'));
    expect(startableBoxes([local, gpu, failed]).map((b) => b.alias)).toEqual(['local', 'gpu-box']);
    gpu.setState('reconnecting');
    expect(startableBoxes([local, gpu, failed]).map((b) => b.alias)).toEqual(['local', 'gpu-box']);
  });

  it('whenSettled waits for the connection to end one way or the other', async () => {
    const gpu = session('gpu-box');
    let settled = false;
    const waiting = gpu.whenSettled().then(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false);
    gpu.fail(new Error('refused'));
    await waiting;
    expect(gpu.state).toBe('failed');
    // Neither connecting nor reconnecting: nothing to wait for.
    await gpu.whenSettled();
    gpu.setState('reconnecting');
    const again = gpu.whenSettled();
    gpu.setState('ready');
    await again;
  });

  it("counts its runs' diagnostics again once the box's SGLang release is known", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rs-box-recount-'));
    try {
      const runsRoot = join(dir, 'runs');
      vi.stubGlobal('__ROLLOUT_STUDIO_VERSION__', '0.0.0-test');
      await runDemoCommand([runsRoot, '--steps', '1', '--interval-ms', '0'], {
        stdout: () => undefined,
        stderr: () => undefined,
      });
      // A stand-in count that says which release it ran under: 1 error per sample once it is 0.5.15.post1.
      const box = new BoxSession(
        'local',
        join(dir, 'storage'),
        (b) => {
          const release = b.findings?.packages.sglang ?? null;
          return {
            key: String(release),
            annotate: () => ({ errors: release === null ? 0 : 1, warnings: 0, dropped: 0 }),
          };
        },
        quietLog,
        () => undefined,
      );
      box.attach(new LocalTarget(), undefined);
      await box.refresh(runsRoot);
      const store = [...box.mirrors!.byDir.values()][0]!.store;
      const counts = () => Array.from({ length: store.samples.length }, (_, i) => store.samples.errors(i));
      await until(() => store.samples.length > 0 && counts().every((e) => e === 0), 'first counts');
      box.findings = {
        python: { version: '3.11.2', executable: '/usr/bin/python3' },
        packages: { torch: null, slime: null, sglang: '0.5.15.post1', ray: null },
        gpus: [],
        gpuProblem: undefined,
        runsDir: undefined,
        listeningPorts: [],
      } satisfies BoxFindings;
      box.reannotate();
      await store.diagnosed();
      expect(counts().every((e) => e === 1)).toBe(true);
      await box.close();
    } finally {
      rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
    }
  });
});
