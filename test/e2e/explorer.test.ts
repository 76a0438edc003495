import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../scripts/lib/codeServer.mjs';
import { shownText, useWorkbench } from './harness/useWorkbench';

describe('the trajectory explorer fills live while a run streams', () => {
  let replay: ChildProcess | undefined;
  // Registered first, so it runs after the workbench has closed.
  afterAll(() => replay?.kill());
  const workbench = useWorkbench({
    settings: (home) => ({
      'rolloutStudio.runsRoot': join(home, 'runs'),
      'rolloutStudio.refreshIntervalSeconds': 1,
    }),
  });

  it('shows a run that starts after the window opened, with steps, groups and samples arriving', async () => {
    const wb = workbench();
    const { page } = wb;
    await page.locator('.activitybar [aria-label^="Rollout Studio"]').first().click();
    const sidebar = page.locator('.part.sidebar');
    await sidebar.getByText('No runs found on this box yet.').waitFor();
    // The run starts on the box now: records are appended one by one, as the tap writes them.
    replay = spawn(
      process.execPath,
      [
        join(projectRoot, 'dist', 'cli.js'),
        'demo',
        join(wb.home, 'runs'),
        '--steps',
        '8',
        '--interval-ms',
        '40',
      ],
      { stdio: 'ignore' },
    );
    const run = sidebar.locator('.monaco-list-row', { hasText: 'tau2 GRPO · Qwen3-4B (demo)' });
    await run.waitFor({ timeout: 30_000 });
    await run.click();
    await sidebar.locator('.monaco-list-row', { hasText: 'Step 0' }).waitFor({ timeout: 30_000 });
    const samplesNow = async () =>
      Number(/([\d,]+) samples/.exec(await shownText(run))?.[1]?.replace(/,/g, '') ?? '0');
    const first = await samplesNow();
    await expect.poll(samplesNow, { timeout: 30_000 }).toBeGreaterThan(first + 20);
    await wb.screenshot('explorer-streaming');
    // Once the run has ended the tree stops moving and every step holds all its samples.
    await expect.poll(async () => shownText(run), { timeout: 60_000 }).toContain('exited (exit 0) · step 7');
    expect(await samplesNow()).toBe(8 * 24);
    // Steps carry reward mean ± std, sample count and parse-error rate.
    const step0 = sidebar.locator('.monaco-list-row', { hasText: 'Step 0' });
    expect(await shownText(step0)).toMatch(/reward \d\.\d\d ± \d\.\d\d · 24 samples · \d+% parse errors/);
    await step0.click();
    const group = sidebar.locator('.monaco-list-row', { hasText: 'retail · task 12' }).first();
    await group.waitFor();
    await group.click();
    const sample = sidebar.locator('.monaco-list-row', { hasText: '#0 · reward' }).first();
    await sample.waitFor();
    await wb.screenshot('explorer-sample-level');
    // The context menu opens the record exactly as the box wrote it. A menu that opens while the tree
    // still repaints can swallow the first click, so the gesture is repeated, as a person would.
    const tab = page.locator('.tab', { hasText: 'sample-0.json' });
    for (let attempt = 0; attempt < 3 && !(await tab.isVisible()); attempt++) {
      await sample.click({ button: 'right' });
      const item = page.locator('.monaco-menu .action-menu-item', { hasText: 'Open Raw Record' });
      await item.waitFor();
      await item.hover();
      await item.click();
      await tab.waitFor({ timeout: 5_000 }).catch(() => undefined);
    }
    await tab.waitFor({ timeout: 10_000 });
    expect(await shownText(page.locator('.view-lines').first())).toContain('"kind": "sample"');
    await wb.screenshot('explorer-raw-record');
  });

  it('filters the explorer to samples with tool-call errors', async () => {
    const wb = workbench();
    const { page } = wb;
    await wb.runCommand('Rollout Studio: Filter Samples…');
    await page
      .locator('.quick-input-list .monaco-list-row', { hasText: 'Only samples with tool-call errors' })
      .click();
    const sidebar = page.locator('.part.sidebar');
    await sidebar.locator('.pane-header', { hasText: 'filtered: tool-call errors' }).waitFor();
    // Steps now say how many of their samples match; every sample left shows its errors.
    const step = sidebar.locator('.monaco-list-row', { hasText: / match/ }).first();
    await step.waitFor();
    const rows = sidebar.locator('.monaco-list-row', { hasText: /#\d+ · reward/ });
    await expect.poll(() => rows.count()).toBeGreaterThan(0);
    for (const row of await rows.all()) expect(await shownText(row)).toMatch(/\d+ errors?/);
    await wb.screenshot('explorer-filtered');
    await wb.runCommand('Rollout Studio: Clear Sample Filter');
    await expect.poll(() => sidebar.locator('.pane-header', { hasText: 'filtered:' }).count()).toBe(0);
  });
});
