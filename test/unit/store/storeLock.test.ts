import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoSample } from '../../../src/core/demo/demoSamples';
import { RunStore } from '../../../src/core/store/runStore';
import { StoreInUseError } from '../../../src/core/store/storeLock';

const annotate = () => ({ errors: 0, warnings: 0, dropped: 0 });

describe('one process at a time writes a store', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rs-lock-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a store another live process holds, and takes over one whose process is gone', async () => {
    // Stands in for another VS Code window's extension host.
    const other = spawn('sleep', ['30']);
    await new Promise((r) => other.once('spawn', r));
    writeFileSync(join(dir, 'lock'), `${other.pid}\n`);
    const refused = RunStore.open(dir, 'test', { annotate });
    await expect(refused).rejects.toBeInstanceOf(StoreInUseError);
    await expect(refused).rejects.toThrow(`in use by another VS Code window (process ${other.pid})`);
    other.kill();
    await new Promise((r) => other.once('exit', r));

    const store = await RunStore.open(dir, 'test', { annotate });
    store.ingest(Buffer.from(`${JSON.stringify(demoSample(0, 0, 0))}\n`));
    await store.close();
    expect(existsSync(join(dir, 'lock'))).toBe(false);
    const reopened = await RunStore.open(dir, 'test', { annotate });
    expect(reopened.samples).toHaveLength(1);
    await reopened.close();
  });
});
