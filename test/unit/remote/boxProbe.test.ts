import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { probeBox, probePython } from '../../../src/remote/boxProbe';
import { LocalTarget } from '../../../src/remote/localTarget';

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
