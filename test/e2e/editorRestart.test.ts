import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { streamDemoRun } from './harness/demoRun';
import { shownText, useWorkbench } from './harness/useWorkbench';

// The figure for docs/reliability.md: the editor itself (code-server and its extension host) killed in
// the middle of a streaming run and started again. The run goes on writing on the box meanwhile; after
// the restart the extension must follow it again from its local store (its mirror) and end up with every
// record the run wrote, once.

const STEPS = 12;
const SAMPLES_PER_STEP = 24;
const TOTAL = STEPS * SAMPLES_PER_STEP;
const RUN = 'tau2 GRPO · Qwen3-4B (demo)';

interface Keys {
  lines: number;
  samples: string[];
}

/** The sample records of a rollouts file (or a store's copy of it), by their step/group/index key. */
function sampleKeys(path: string): Keys {
  const lines = readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');
  const samples = lines
    .map(
      (l) =>
        JSON.parse(l) as { kind?: string; step: number; evaluation: boolean; group: number; index: number },
    )
    .filter((r) => r.kind === 'sample')
    .map((r) => `${r.evaluation ? 'eval' : 'train'}/${r.step}/${r.group}/${r.index}`);
  return { lines: lines.length, samples };
}

/** The records file of the run's local store, under the extension's global storage. */
function storeRecords(userDataDir: string, runId: string): string {
  const globalStorage = join(userDataDir, 'User', 'globalStorage');
  for (const ext of readdirSync(globalStorage)) {
    const stores = join(globalStorage, ext, 'stores');
    if (!existsSync(stores)) continue;
    const all = readdirSync(stores);
    // Named after the run id (its characters made safe for a folder name) and a hash.
    const dir = all.find((d) => d.startsWith(`${runId.replace(/[^\w.-]/g, '_')}-`));
    if (dir) return join(stores, dir, 'records.jsonl');
  }
  throw new Error(`no local store for run ${runId} under ${globalStorage}`);
}

describe('the editor restarted while a run streams', () => {
  let replay: ChildProcess | undefined;
  const workbench = useWorkbench({
    settings: (home) => ({
      'rolloutStudio.runsRoot': join(home, 'runs'),
      'rolloutStudio.refreshIntervalSeconds': 1,
    }),
  });
  afterAll(() => {
    replay?.kill();
  });

  it('code-server killed mid-stream and started again: the run resumes its mirror, nothing lost or duplicated', async () => {
    const wb = workbench();
    const { page } = wb;
    const runs = join(wb.home, 'runs');
    const showRuns = async () => {
      await page.locator('.activitybar [aria-label^="Rollout Studio"]').first().click();
      const row = page.locator('.part.sidebar .monaco-list-row', { hasText: RUN });
      await row.waitFor({ timeout: 60_000 });
      return row;
    };
    const samplesIn = async (row: Awaited<ReturnType<typeof showRuns>>) =>
      Number(/([\d,]+) samples/.exec(await shownText(row))?.[1]?.replace(/,/g, '') ?? '0');

    // Records arrive one by one as the tap writes them, for about half a minute.
    replay = streamDemoRun(runs, STEPS, 100);
    let row = await showRuns();
    await expect.poll(() => samplesIn(row), { timeout: 60_000 }).toBeGreaterThan(30);
    const runId = readdirSync(runs)[0] as string;
    const rollouts = join(runs, runId, 'rollouts.jsonl');
    const beforeKill = await samplesIn(row);

    // A crash: SIGKILL to code-server and its extension host, nothing flushed or closed.
    const killedAt = Date.now();
    let mirroredAtKill = 0;
    await wb.restart('SIGKILL', () => {
      // What the local store held when the editor died: the mirror the run resumes from.
      mirroredAtKill = sampleKeys(storeRecords(wb.userDataDir, runId)).samples.length;
    });
    const restartMs = Date.now() - killedAt;
    const writtenWhileDown = sampleKeys(rollouts).samples.length - beforeKill;

    row = await showRuns();
    await expect.poll(async () => shownText(row), { timeout: 120_000 }).toContain('exited (exit 0)');
    await expect.poll(() => samplesIn(row), { timeout: 60_000 }).toBe(TOTAL);
    const shown = await samplesIn(row);
    await wb.screenshot('editor-restart');

    const box = sampleKeys(rollouts);
    const mirror = sampleKeys(storeRecords(wb.userDataDir, runId));
    const mirrored = new Set(mirror.samples);
    const lost = box.samples.filter((k) => !mirrored.has(k)).length;
    const duplicated = mirror.samples.length - mirrored.size;
    const figures = {
      samplesWritten: box.samples.length,
      recordsWritten: box.lines,
      samplesBeforeKill: beforeKill,
      samplesInStoreAtKill: mirroredAtKill,
      samplesWrittenWhileDown: writtenWhileDown,
      restartSeconds: restartMs / 1000,
      samplesShownAfter: shown,
      mirrorRecords: mirror.lines,
      lost,
      duplicated,
    };
    const out = join('test-results', 'reliability');
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'editor-restart.json'), `${JSON.stringify(figures, null, 2)}\n`);

    expect(box.samples).toHaveLength(TOTAL);
    expect(writtenWhileDown).toBeGreaterThan(0);
    expect(mirroredAtKill).toBeGreaterThan(0);
    expect({ lost, duplicated, shown }).toEqual({ lost: 0, duplicated: 0, shown: TOTAL });
    // The mirror is the box's file, record for record.
    expect(readFileSync(storeRecords(wb.userDataDir, runId)).equals(readFileSync(rollouts))).toBe(true);
  });
});
