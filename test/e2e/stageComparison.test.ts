import { mkdirSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COOKBOOK_PASS_AT_1, COOKBOOK_PASS_AT_K, EVAL_SCRIPT } from '../../src/core/eval/evalSettings';
import type { EvalSettings } from '../../src/core/eval/evalSettings';
import { runStandInEvals } from './harness/standInEvals';
import { shownText, useWorkbench } from './harness/useWorkbench';

// The stage-comparison table in a real VS Code. Six evals of three stages ran on this machine before it
// starts, launched as the extension launches them (runStandInEvals); the GRPO stage's pass@4 used another
// user simulator, the thread's mix-up. The
// extension reads the finished runs itself when the table opens.

const STANDIN = resolve(__dirname, '../fixtures/box/slime', EVAL_SCRIPT);
const flat = async (locator: { textContent(): Promise<string | null> }) =>
  (await shownText(locator)).replace(/\s+/g, ' ').trim();

async function runEvals(home: string): Promise<void> {
  const workdir = join(home, 'slime');
  mkdirSync(join(workdir, 'examples/tau-bench/tau2'), { recursive: true });
  symlinkSync(STANDIN, join(workdir, EVAL_SCRIPT));
  const other = (s: EvalSettings): EvalSettings => ({
    ...s,
    userSimulator: { ...s.userSimulator, model: 'gpt-4.1-2025-04-14' },
  });
  const evals: [string, EvalSettings][] = [
    ['Baseline', COOKBOOK_PASS_AT_1],
    ['Baseline', COOKBOOK_PASS_AT_K],
    ['SFT1', COOKBOOK_PASS_AT_1],
    ['SFT1', COOKBOOK_PASS_AT_K],
    ['GRPO', COOKBOOK_PASS_AT_1],
    ['GRPO', other(COOKBOOK_PASS_AT_K)],
  ];
  await runStandInEvals(
    home,
    workdir,
    evals.map(([stage, settings], i) => ({
      stage,
      settings,
      checkpoint: { box: 'local', checkpointDir: `/ckpt/${stage}`, hfCheckpoint: `/ckpt/${stage}/hf` },
      // Stages evaluated in pipeline order, one second apart.
      createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)),
    })),
  );
}

describe('Compare Stages', () => {
  const workbench = useWorkbench({
    prepare: runEvals,
    settings: (home) => ({ 'rolloutStudio.runsRoot': join(home, 'runs') }),
  });

  it("puts the stages' evals side by side and marks the cells measured with another user simulator", async () => {
    const wb = workbench();
    const { page } = wb;
    await page.locator('.activitybar [aria-label^="Rollout Studio"]').first().click();
    const sidebar = page.locator('.part.sidebar');
    await sidebar.locator('.monaco-list-row', { hasText: 'eval GRPO' }).first().waitFor({ timeout: 30_000 });
    // The table is a button of the Pipelines view, where the stages are.
    const pipelines = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Pipelines' }) });
    await pipelines.locator('.pane-header').hover();
    await pipelines.locator('.pane-header .action-label[aria-label^="Compare Stages"]').click();
    const frame = await wb.webviewFrame('rs-stage-table table');
    const rows = frame.locator('rs-stage-table tbody tr');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(3);
    expect((await rows.locator('th').allTextContents()).map((t) => t.trim())).toEqual([
      'Baseline',
      'SFT1',
      'GRPO',
    ]);
    const heads = async (row: number) =>
      (await frame.locator(`rs-stage-table thead tr:nth-child(${row}) th`).allTextContents()).map((t) =>
        t.trim(),
      );
    expect(await heads(1)).toEqual(['Stage', 'pass@1', 'pass@4']);
    expect(await heads(2)).toEqual([
      ...['Overall', 'Airline', 'Retail', 'Telecom'],
      ...['Overall', 'Airline', 'Retail', 'Telecom'],
    ]);
    // Baseline evaluated 3 tasks per domain: the real run's first three tasks, two solved in every trial.
    const baseline = rows.nth(0).locator('td');
    expect(await flat(baseline.nth(0))).toBe('66.7%');
    expect(await flat(baseline.nth(4))).toBe('66.7% pass^4 66.7%');
    // GRPO's pass@4 cells are marked; nothing else is.
    const marked = frame.locator('rs-stage-table td.not-comparable');
    expect(await marked.count()).toBe(4);
    expect(await rows.nth(2).locator('td.not-comparable').count()).toBe(4);
    const notes = frame.locator('rs-stage-table .stage-notes li');
    expect(await notes.count()).toBe(4);
    expect(await flat(notes.first())).toMatch(
      /GRPO · pass@4 overall is not comparable: user simulator: gpt-4\.1-2025-04-14 at temperature 0\.7, while 2 other stages have gpt-4\.1-mini at temperature 0\.7/,
    );
    expect(await flat(frame.locator('rs-stage-table .stage-reference').first())).toMatch(
      /pass@1 measured with greedy · gpt-4\.1-mini at temperature 0\.7 · test split · 21e5e57/,
    );
    await wb.screenshot('stage-comparison');
    // The evals are runs: once read, the GRPO pass@4 eval's 36 attempts are in the explorer, and the
    // trajectory viewer gives pass^k and pass@k for k = 1..4 per domain over them.
    const grpo = sidebar
      .locator('.monaco-list-row', { hasText: 'eval GRPO k4' })
      .filter({ hasText: '36 samples' });
    await grpo.waitFor({ timeout: 30_000 });
    await grpo.hover();
    await grpo.locator('.action-label[aria-label^="Open in Trajectory Viewer"]').click();
    const viewer = await wb.webviewFrame('rs-viewer');
    await viewer.locator('#tab-eval').click();
    const domains = viewer.locator('rs-eval .eval-table tbody tr');
    await expect.poll(() => domains.count(), { timeout: 30_000 }).toBe(3);
    expect((await domains.nth(0).locator('td').allTextContents()).map((t) => t.trim())).toEqual([
      'airline',
      '3',
      '12',
      '0.667',
      ...Array<string>(8).fill('67%'),
    ]);
    await wb.screenshot('stage-comparison-eval-in-viewer');
  });
});
