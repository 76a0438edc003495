import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { RunSpecSchema } from '../../../src/core/runspec/runSpec';
import { workdirFindings } from '../../../src/remote/launch/workdirCheck';
import { LocalTarget } from '../../../src/remote/localTarget';

const dir = mkdtempSync(join(tmpdir(), 'rs-workdir-check-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const target = new LocalTarget();
const check = (workdir: string, entry?: 'train.py' | 'train_async.py') =>
  workdirFindings(target, RunSpecSchema.parse({ name: 'x', workdir, ...(entry ? { entry } : {}) }));

test('the review gets an error for a workdir that is not there, as the tau2 preset on a fresh box would', async () => {
  expect(await check('/root/slime-not-here')).toEqual([
    expect.objectContaining({ code: 'RS306', severity: 'error', path: ['workdir'] }),
  ]);
  expect((await check('~/slime'))[0]?.message).toMatch(/does not expand ~/);
});

test('a checkout without the entry is an error naming the entry; a real checkout has no finding', async () => {
  const slime = join(dir, 'slime');
  mkdirSync(slime);
  writeFileSync(join(slime, 'train.py'), '');
  expect(await check(slime, 'train_async.py')).toEqual([
    expect.objectContaining({
      code: 'RS307',
      severity: 'error',
      message: expect.stringMatching(/has no train_async\.py/),
    }),
  ]);
  expect(await check(slime)).toEqual([]);
  expect(await check(`${slime}/`)).toEqual([]);
});
