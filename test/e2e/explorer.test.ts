import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fromContextMenu } from './harness/contextMenu';
import { streamDemoRun } from './harness/demoRun';
import { shownText, useWorkbench } from './harness/useWorkbench';
import { quickRow } from './harness/palette';

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
    replay = streamDemoRun(join(wb.home, 'runs'), 8, 40);
    const run = sidebar.locator('.monaco-list-row', { hasText: 'tau2 GRPO · Qwen3-4B (demo)' });
    await run.waitFor({ timeout: 30_000 });
    await run.click();
    await sidebar.getByRole('treeitem', { name: /^Step 0 / }).waitFor({ timeout: 30_000 });
    const samplesNow = async () =>
      Number(/([\d,]+) samples/.exec(await shownText(run))?.[1]?.replace(/,/g, '') ?? '0');
    const first = await samplesNow();
    await expect.poll(samplesNow, { timeout: 30_000 }).toBeGreaterThan(first + 20);
    await wb.screenshot('explorer-streaming');
    // Once the run has ended the tree stops moving and every step holds all its samples.
    await expect.poll(async () => shownText(run), { timeout: 60_000 }).toContain('exited (exit 0) · step 7');
    expect(await samplesNow()).toBe(8 * 24);
    // Steps carry reward mean ± std, sample count and parse-error rate.
    const step0 = sidebar.getByRole('treeitem', { name: /^Step 0 / });
    // Diagnostics are counted just after the rows are committed; the step says so until then.
    await expect
      .poll(async () => shownText(step0), { timeout: 15_000 })
      .toMatch(/reward \d\.\d\d ± \d\.\d\d · 24 samples · \d+% parse failures, \d+% schema\/policy errors$/);
    await step0.click();
    const group = sidebar.locator('.monaco-list-row', { hasText: 'retail · task 12' }).first();
    await group.waitFor();
    await group.click();
    const sample = sidebar.locator('.monaco-list-row', { hasText: '#0 · reward' }).first();
    await sample.waitFor();
    await wb.screenshot('explorer-sample-level');
    // The context menu opens the record exactly as the box wrote it.
    const tab = page.locator('.tab', { hasText: 'sample-0.json' });
    await fromContextMenu(page, sample, 'Open Raw Record', tab);
    expect(await shownText(page.locator('.view-lines').first())).toContain('"kind": "sample"');
    await wb.screenshot('explorer-raw-record');
  });

  it('filters the explorer to samples with tool-call errors', async () => {
    const wb = workbench();
    const { page } = wb;
    await wb.runCommand('Rollout Studio: Filter Samples…');
    await quickRow(page, 'Only samples with tool-call errors').click();
    const sidebar = page.locator('.part.sidebar');
    await sidebar.locator('.pane-header', { hasText: 'filtered: tool-call errors' }).waitFor();
    // Steps now say how many of their samples match; every sample left shows its errors.
    const step = sidebar.locator('.monaco-list-row', { hasText: / match/ }).first();
    await step.waitFor();
    const rows = sidebar.locator('.monaco-list-row', { hasText: /#\d+ · reward/ });
    await expect.poll(() => rows.count()).toBeGreaterThan(0);
    for (const row of await rows.all()) expect(await shownText(row)).toMatch(/\d+ errors?/);
    await wb.screenshot('explorer-filtered');

    // A sample's context menu opens one of its assistant turns in an editor, with the diagnostics as
    // squiggles: the quick pick lists the turns with their counts.
    const row = rows.first();
    const index = /#(\d+) · reward/.exec(await shownText(row))![1]!;
    const picker = page.locator('.quick-input-widget', { hasText: `Open a turn of sample #${index}` });
    await fromContextMenu(page, row, 'Open Turn in Editor', picker);
    const broken = quickRow(page, /[1-9]\d* errors? · /);
    await broken.waitFor({ timeout: 15_000 });
    // The row's accessible name separates label and description ("Turn 6, 1 error · 0 warnings, …").
    const turn = /Turn (\d+),/.exec((await broken.getAttribute('aria-label')) ?? '')![1]!;
    await broken.click();
    await page.locator('.tabs-container .tab', { hasText: `sample-${index} · turn ${turn}.txt` }).waitFor();
    const editor = page.locator('.monaco-editor[data-uri^="rollout-studio-turn:"]').first();
    await editor.locator('.squiggly-error').first().waitFor({ timeout: 15_000 });
    await wb.screenshot('explorer-turn-in-editor');

    // ... and compares the sample with the best-rewarded other sample of its group in the viewer.
    const viewerTab = page.locator('.tab', { hasText: 'Trajectories' });
    await fromContextMenu(page, row, 'Compare with Best of Group', viewerTab);
    const frame = await wb.webviewFrame('rs-compare');
    const sides = frame.locator('.compare-side-head');
    await expect.poll(() => sides.count(), { timeout: 30_000 }).toBe(2);
    const keys = await sides.locator('button.link').allTextContents();
    expect(keys.map((k) => k.trim()).filter((k) => k.endsWith(`/sample-${index}`))).toHaveLength(1);
    await frame.locator('.compare-head .note').waitFor();
    await wb.screenshot('explorer-compare-best');
    await wb.runCommand('Rollout Studio: Clear Sample Filter');
    await expect.poll(() => sidebar.locator('.pane-header', { hasText: 'filtered:' }).count()).toBe(0);

    // Opened from the explorer, a sample's row shows selected in the viewer's table, scrolled to.
    const sample = sidebar.locator('.monaco-list-row', { hasText: /#\d+ · reward/ }).last();
    await fromContextMenu(page, sample, 'Open Sample in Trajectory Viewer', viewerTab);
    const table = await wb.webviewFrame('rs-viewer');
    await expect.poll(() => table.locator('.table-body .row.selected').count(), { timeout: 30_000 }).toBe(1);
    await wb.screenshot('explorer-sample-in-viewer');
  });
});
