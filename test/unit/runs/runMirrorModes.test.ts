import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { DiscoveredRun } from '../../../src/remote/runDiscovery';
import type { RunMirrorMode } from '../../../src/remote/runMirror';
import { LocalTarget } from '../../../src/remote/localTarget';
import { RunMirrors } from '../../../src/vscode/runMirrors';
import { until } from '../../until';

// Each run is opened as its chosen mode says, and opened again when the choice changes.

const fixtures = join(import.meta.dirname, '..', '..', 'fixtures');
const script = readFileSync(join(import.meta.dirname, '..', '..', '..', 'media', 'rollout_heads.py'), 'utf8');
let dir: string;
let mirrors: RunMirrors | undefined;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rs-modes-'));
});
afterEach(async () => {
  await mirrors?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

it('opens a run as every record, heads only or nothing, and again when its mode changes', async () => {
  const runDir = join(dir, 'run');
  mkdirSync(runDir);
  writeFileSync(
    join(runDir, 'rollouts.jsonl'),
    readFileSync(join(fixtures, 'trajectory', 'tap-rollouts.jsonl')),
  );
  const run = {
    dir: runDir,
    record: { id: 'r1', name: 'r1', createdAt: '', toolVersion: '', argv: [], envNames: [] },
    state: undefined,
    rolloutsBytes: 0,
  } as unknown as DiscoveredRun;
  let mode: RunMirrorMode | undefined = { kind: 'all' };
  const log = { warn: () => {}, error: () => {} } as unknown as ConstructorParameters<typeof RunMirrors>[3];
  const changes: (string | undefined)[] = [];
  mirrors = new RunMirrors(
    new LocalTarget(),
    join(dir, 'storage'),
    () => ({ annotate: () => ({ errors: 0, warnings: 0, dropped: 0 }), key: 'k' }),
    log,
    (mirror) => changes.push(mirror?.store.dir),
    async () => mode,
  );
  await mirrors.sync([run]);
  const all = mirrors.byDir.get(runDir)!;
  await until(() => all.store.samples.length === 10, 'the mirrored samples');
  expect(all.store.headsOnly).toBe(false);

  mode = { kind: 'heads', script };
  await mirrors.reopen(runDir);
  const heads = mirrors.byDir.get(runDir)!;
  expect(heads).not.toBe(all);
  expect(heads.store.headsOnly).toBe(true);
  expect(heads.store.dir).toBe(`${all.store.dir}-heads`);
  await until(() => heads.store.samples.length === 10, 'the heads');

  mode = undefined;
  await mirrors.reopen(runDir);
  expect(mirrors.byDir.has(runDir)).toBe(false);
  expect(mirrors.notCopied.has(runDir)).toBe(true);
  expect(changes.at(-1)).toBeUndefined();

  // Back to every record: the mirror's own folder is still there, nothing is copied again.
  mode = { kind: 'all' };
  await mirrors.reopen(runDir);
  expect(mirrors.notCopied.has(runDir)).toBe(false);
  expect(mirrors.byDir.get(runDir)!.store.samples.length).toBe(10);
});
