import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useDemoRun } from './harness/useDemoRun';
import { useViewerPages } from './harness/useViewerPages';
import { shownLine } from './harness/useWorkbench';
import type { ViewerPage } from './harness/viewerInChromium';
import { SCREENSHOTS } from './harness/workbench';

// The overview's per-step histograms and every chart's table, in real Chromium over the real host-side
// data service, on the demo run (eight trained steps of 24 samples).

describe('distributions and chart tables', () => {
  const open = useViewerPages('distributions');
  const demo = useDemoRun(8);
  let v: ViewerPage | undefined;

  it('draws a histogram per step of reward, length and turns; a click on a step filters the table to it', async () => {
    v = await open(demo().records, { ui: { tab: 'overview' }, consoleLog: demo().consoleLog });
    const { page, data } = v;
    const figures = page.locator('.distributions figure.histogram');
    await expect.poll(() => figures.count(), { timeout: 15_000 }).toBe(3);
    const names = await figures.evaluateAll((fs) => fs.map((f) => f.getAttribute('data-histogram')));
    expect(names).toEqual(['Reward (raw)', 'Response length (tokens)', 'Turns']);
    for (const f of await figures.all()) expect(await f.locator('g.ridge').count()).toBe(8);
    // The front outline is the newest step, and its hover text gives the step's own numbers.
    const turns = data.overview().distributions.turns!;
    const last = turns.steps.at(-1)!;
    const front = figures.nth(2).locator('g.ridge.newest');
    expect(await front.getAttribute('data-step')).toBe(String(last.step));
    expect(await shownLine(front.locator('title'))).toContain(
      `step ${last.step}: ${last.n} samples, min ${last.min}, median`,
    );
    // The outlines differ from step to step: they are the steps' own counts, not one shape repeated.
    const shapes = await figures
      .nth(2)
      .locator('g.ridge polygon')
      .evaluateAll((ps) => ps.map((p) => p.getBoundingClientRect().height.toFixed(1)));
    expect(new Set(shapes).size).toBeGreaterThan(1);
    await page.locator('.distributions').scrollIntoViewIfNeeded();
    await page.locator('.distributions').screenshot({ path: join(SCREENSHOTS, 'viewer-distributions.png') });
    // Step 3's outline lies behind the newer ones, so the click goes to it rather than to a point on screen.
    await figures.nth(0).locator('g.ridge[data-step="3"] polygon').dispatchEvent('click');
    await expect.poll(() => page.getByLabel('Filter expression').inputValue()).toBe('step == 3');
  });

  it("gives every chart a table of its numbers behind a toggle, with the chart's values", async () => {
    v = await open(demo().records, { ui: { tab: 'overview' }, consoleLog: demo().consoleLog });
    const { page, data } = v;
    await page.locator('.distributions figure.histogram').first().waitFor({ timeout: 15_000 });
    await page.locator('rs-step-timeline .tl-bar').first().waitFor({ timeout: 15_000 });
    await page.locator('rs-behaviour li[data-flag]').first().waitFor({ timeout: 15_000 });
    // Every chart of the overview: the line charts, the histograms, the timeline and the behaviour bars.
    const charts = await page.locator('rs-overview figure.chart').count();
    expect(charts).toBe(10);
    expect(await page.locator('rs-overview figure.chart details.chart-table').count()).toBe(charts);
    expect(await page.locator('rs-step-timeline details.chart-table').count()).toBe(1);
    expect(await page.locator('rs-behaviour details.chart-table').count()).toBe(1);
    // Closed until asked for; the summary is a real toggle a keyboard reaches.
    const reward = page
      .locator('rs-overview figure.chart', { hasText: 'Reward mean ± std' })
      .locator('details');
    expect(await reward.locator('table').isVisible()).toBe(false);
    await reward.locator('summary').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => reward.locator('table').isVisible()).toBe(true);
    const header = await reward.locator('thead th').allTextContents();
    expect(header.slice(0, 2)).toEqual(['step', 'raw']);
    const rows = await reward
      .locator('tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim())),
      );
    const steps = data.overview().steps.filter((s) => !s.evaluation);
    expect(rows.map((r) => r[0])).toEqual(steps.map((s) => String(s.step)));
    expect(rows.map((r) => Number(r[1]))).toEqual(steps.map((s) => Number(s.rewardMean!.toFixed(3))));
    await reward.scrollIntoViewIfNeeded();
    await page
      .locator('rs-overview figure.chart', { hasText: 'Reward mean ± std' })
      .screenshot({ path: join(SCREENSHOTS, 'viewer-chart-table.png') });
    // The histogram's table counts each bin, and the counts add up to the step's samples.
    const turns = page.locator('figure.histogram[data-histogram="Turns"] details');
    await turns.locator('summary').click();
    const binRows = await turns
      .locator('tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => Number(td.textContent))),
      );
    expect(binRows).toHaveLength(8);
    for (const r of binRows) expect(r.slice(5).reduce((a, b) => a + b, 0)).toBe(r[1]);
    // The timeline's table has a row per bar.
    const timeline = page.locator('rs-step-timeline details');
    await timeline.locator('summary').click();
    expect(await timeline.locator('tbody tr').count()).toBe(
      await page.locator('rs-step-timeline .tl-bar').count(),
    );
  });

  it("gives the sample's spans a table too", async () => {
    v = await open(demo().records);
    const { page } = v;
    await page.locator('.table-body .row').first().click();
    const gantt = page.locator('rs-trace-gantt');
    await gantt.locator('.gantt').waitFor({ timeout: 15_000 });
    const table = gantt.locator('details.chart-table');
    await table.locator('summary').click();
    const spans = await table.locator('tbody tr td:first-child').allTextContents();
    expect(spans).toEqual(
      await gantt.locator('.gantt-row').evaluateAll((rs) => rs.map((r) => r.getAttribute('data-span'))),
    );
  });
});
