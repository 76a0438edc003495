import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalTarget } from '../../../src/remote/localTarget';
import { discoverRuns } from '../../../src/remote/runDiscovery';

const record = (id: string, createdAt: string) => ({
  id,
  name: `run ${id}`,
  createdAt,
  toolVersion: '0.1.0',
  argv: ['python3', 'train.py'],
  envNames: [],
});

describe('discoverRuns', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'rs-runs-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const write = (run: string, file: string, content: string) => {
    mkdirSync(join(root, run), { recursive: true });
    writeFileSync(join(root, run, file), content);
  };

  it('reads runs newest first with their state and rollout size', async () => {
    write('a', 'run.json', JSON.stringify(record('a', '2026-01-01T00:00:00Z')));
    write(
      'a',
      'state.json',
      JSON.stringify({ state: 'exited', startedAt: '2026-01-01T00:00:00Z', exitCode: 1 }),
    );
    write('b', 'run.json', JSON.stringify(record('b', '2026-02-01T00:00:00Z')));
    write('b', 'rollouts.jsonl', '{"kind":"step"}\n');
    const found = await discoverRuns(new LocalTarget(), root);
    expect(found.problems).toEqual([]);
    expect(found.runs.map((r) => r.record.id)).toEqual(['b', 'a']);
    expect(found.runs[0]?.state).toBeUndefined();
    expect(found.runs[0]?.rolloutsBytes).toBe(16);
    expect(found.runs[1]?.state).toMatchObject({ state: 'exited', exitCode: 1 });
  });

  it('reports unreadable files with the path and field, and keeps the other runs', async () => {
    write('good', 'run.json', JSON.stringify(record('good', '2026-01-01T00:00:00Z')));
    write('broken-json', 'run.json', '{"id": "x",');
    write('missing-field', 'run.json', JSON.stringify({ ...record('m', '2026'), name: undefined }));
    write('bad-state', 'run.json', JSON.stringify(record('s', '2026-01-02T00:00:00Z')));
    write('bad-state', 'state.json', JSON.stringify({ state: 'flying', startedAt: 'x' }));
    const found = await discoverRuns(new LocalTarget(), root);
    expect(found.runs.map((r) => r.record.id).sort()).toEqual(['good', 's']);
    const byPath = Object.fromEntries(found.problems.map((p) => [p.path.slice(root.length + 1), p.message]));
    expect(byPath['broken-json/run.json']).toMatch(/not valid JSON/);
    expect(byPath['missing-field/run.json']).toMatch(/^name: /);
    expect(byPath['bad-state/state.json']).toMatch(/^state: /);
  });

  it('treats a missing root as no runs and expands ~', async () => {
    const found = await discoverRuns(new LocalTarget(), join(root, 'nope'));
    expect(found).toMatchObject({ runs: [], problems: [] });
    const home = await discoverRuns(new LocalTarget(), '~/.rollout-studio-test-does-not-exist');
    expect(home.root.startsWith('/')).toBe(true);
  });

  it('reads a run whose script is gone while state.json says running as ended without recording its exit', async () => {
    // A pid that existed and is gone: a child that has exited and been reaped.
    const dead = spawnSync('true').pid as number;
    const startedAt = '2026-03-01T00:00:00Z';
    write('killed', 'run.json', JSON.stringify(record('killed', startedAt)));
    write('killed', 'state.json', JSON.stringify({ state: 'running', pid: dead, pgid: dead, startedAt }));
    write('killed', 'console.log', Array.from({ length: 30 }, (_, i) => `line ${i}`).join('\n') + '\n');
    write('alive', 'run.json', JSON.stringify(record('alive', startedAt)));
    write('alive', 'state.json', JSON.stringify({ state: 'running', pid: process.pid, startedAt }));
    const found = await discoverRuns(new LocalTarget(), root);
    const killed = found.runs.find((r) => r.record.id === 'killed');
    expect(killed?.state).toMatchObject({ state: 'exited', exitCode: null, pid: dead });
    expect(killed?.unrecordedEnd?.lastLines).toEqual(Array.from({ length: 12 }, (_, i) => `line ${i + 18}`));
    const alive = found.runs.find((r) => r.record.id === 'alive');
    expect(alive?.state?.state).toBe('running');
    expect(alive?.unrecordedEnd).toBeUndefined();
  });
});
