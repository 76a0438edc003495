import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useDemoRun } from './harness/useDemoRun';
import { useViewerPages } from './harness/useViewerPages';
import { shownLine } from './harness/useWorkbench';
import type { ViewerPage } from './harness/viewerInChromium';
import { SCREENSHOTS } from './harness/workbench';

// The overview's Timeline and Behaviour sections and the sample's spans, in real Chromium over the real
// host-side data service, on the demo run (its console.log has slime's Timer and perf lines, its samples
// slime's trace events).

describe('step timeline and behaviour panel', () => {
  const open = useViewerPages('timeline');
  const demo = useDemoRun(8);
  let v: ViewerPage | undefined;

  it('draws a stacked bar per step with a legend and a readout, and a click filters the table to the step', async () => {
    v = await open(demo().records, { ui: { tab: 'overview' }, consoleLog: demo().consoleLog });
    const { page } = v;
    const bars = page.locator('rs-step-timeline .tl-bar');
    // Eight trained steps, and step 8's window (the weight update after step 7) still open.
    await expect.poll(() => bars.count(), { timeout: 15_000 }).toBe(9);
    await expect.poll(() => page.locator('rs-step-timeline .tl-bar.running').count()).toBe(1);
    const legend = await shownLine(page.locator('.tl-legend'));
    for (const phase of [
      'rollout generation',
      'log-probs',
      'actor train',
      'weight update',
      'save checkpoint',
    ])
      expect(legend).toContain(phase);
    const step3 = page.locator('rs-step-timeline .tl-bar[data-step="3"]');
    // Drawn before any hover (styles go through the CSSOM; the CSP drops style attributes), and
    // generation is the largest segment of a demo step.
    const heights = await step3
      .locator('.tl-seg')
      .evaluateAll((els) => els.map((e) => [e.getAttribute('data-phase'), e.getBoundingClientRect().height]));
    const tallest = [...heights].sort((a, b) => (b[1] as number) - (a[1] as number))[0];
    expect(tallest?.[0]).toBe('generation');
    expect(tallest?.[1]).toBeGreaterThan(20);
    await step3.hover();
    const readout = await shownLine(page.locator('.tl-readout'));
    expect(readout).toMatch(/^step 3 · [\d.]+ s: rollout generation [\d.]+ s, .*actor train [\d.]+ s/);
    expect(readout).toContain('per sample (mean)');
    await page.screenshot({ path: join(SCREENSHOTS, 'viewer-timeline-overview.png') });
    await step3.click();
    await expect.poll(() => page.getByLabel('Filter expression').inputValue()).toBe('step == 3');
    await expect.poll(() => shownLine(page.locator('.table-status'))).toMatch(/^ ?24 of 192 samples/);
  });

  it('lists behaviour flags with per-step counts; a click filters to the flagged samples, which carry a badge', async () => {
    v = await open(demo().records, { ui: { tab: 'overview' }, consoleLog: demo().consoleLog });
    const { page } = v;
    const loop = page.locator('rs-behaviour li[data-flag="loop"]');
    await loop.waitFor({ timeout: 15_000 });
    const count = Number(/(\d+) samples/.exec(await shownLine(loop))?.[1]);
    expect(count).toBeGreaterThan(0);
    expect(await loop.locator('svg.spark rect').count()).toBe(8);
    await expect(page.locator('rs-behaviour li[data-flag="length-limit"]').count()).resolves.toBe(1);
    await page.locator('rs-behaviour').screenshot({ path: join(SCREENSHOTS, 'viewer-behaviour-panel.png') });
    await loop.locator('.flag-link').click();
    await expect.poll(() => page.getByLabel('Filter expression').inputValue()).toBe('flag == loop');
    await expect
      .poll(() => shownLine(page.locator('.table-status')))
      .toMatch(new RegExp(`^ ?${count} of 192 samples`));
    const rows = page.locator('.table-body .row');
    for (const badge of await rows.locator('.flag-badge.loop').all())
      expect(await badge.textContent()).toBe('loop');
    expect(await rows.locator('.flag-badge.loop').count()).toBe(await rows.count());
    await page.screenshot({ path: join(SCREENSHOTS, 'viewer-behaviour-filtered.png') });
  });

  it("shows the sample's spans from slime's trace as a Gantt", async () => {
    v = await open(demo().records);
    const { page } = v;
    await page.locator('.table-body .row').first().click();
    const gantt = page.locator('rs-trace-gantt .gantt');
    await gantt.waitFor({ timeout: 15_000 });
    const names = await gantt
      .locator('.gantt-row')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-span')));
    expect(names[0]).toBe('generate_and_rm');
    expect(names).toContain('sglang_generate');
    expect(names.at(-1)).toBe('reward_model');
    expect(await gantt.locator('.gantt-row').first().getAttribute('title')).toMatch(
      /^generate_and_rm: [\d.]+ s/,
    );
    await page.locator('rs-trace-gantt').screenshot({ path: join(SCREENSHOTS, 'viewer-trace-gantt.png') });
  });
});
