import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { probeBox, probePython } from '../../../src/remote/boxProbe';
import { LocalTarget } from '../../../src/remote/localTarget';
import { until } from '../../until';

const dir = mkdtempSync(join(tmpdir(), 'rs-box-probe-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('the free space is that of the runs directory the setting names, not the default one', async () => {
  const root = join(dir, 'elsewhere');
  mkdirSync(root);
  // Before the first run the directory is not there yet: its nearest existing parent is measured.
  const findings = await probeBox(new LocalTarget(), join(root, 'runs'));
  expect(findings.runsDir?.path).toBe(root);
  expect(findings.runsDir?.freeBytes).toBeGreaterThan(0);
});

test('python is probed in the workdir, so a checkout-only slime package counts as importable', async () => {
  const checkout = join(dir, 'slime-checkout');
  mkdirSync(join(checkout, 'slime'), { recursive: true });
  writeFileSync(join(checkout, 'slime', '__init__.py'), '');
  const inCheckout = await probePython(new LocalTarget(), 'python3', checkout);
  expect(inCheckout?.packages.slime).not.toBeNull();
  const elsewhere = await probePython(new LocalTarget(), 'python3', dir);
  expect(elsewhere?.packages.slime).toBeNull();
  expect(await probePython(new LocalTarget(), join(dir, 'no-such-python'))).toBeUndefined();
});

test('a cancelled probe ends the commands still running on the box and gives no findings', async () => {
  // A stand-in nvidia-smi that hangs (a wedged driver does), noting its pid.
  const bin = join(dir, 'hanging-bin');
  mkdirSync(bin);
  const pidFile = join(dir, 'nvidia-smi.pid');
  writeFileSync(join(bin, 'nvidia-smi'), `#!/bin/sh\necho $$ > ${pidFile}\nexec sleep 60\n`, { mode: 0o755 });
  const path = process.env.PATH;
  process.env.PATH = `${bin}:${path}`;
  try {
    const abort = new AbortController();
    const progress: [number, number][] = [];
    const probe = probeBox(new LocalTarget(), join(dir, 'runs'), {
      signal: abort.signal,
      onProgress: (done, total) => {
        progress.push([done, total]);
        // Everything but the GPUs is in: cancel, as a person tired of waiting would, once the
        // stand-in runs.
        if (done === 3)
          void until(() => existsSync(pidFile), 'nvidia-smi to start').then(() => abort.abort());
      },
    });
    await expect(probe).rejects.toMatchObject({ name: 'AbortError' });
    expect(progress).toEqual([
      [1, 4],
      [2, 4],
      [3, 4],
    ]);
    const pid = Number(readFileSync(pidFile, 'utf8'));
    expect(() => process.kill(pid, 0)).toThrow(/ESRCH/);
  } finally {
    process.env.PATH = path;
  }
});
