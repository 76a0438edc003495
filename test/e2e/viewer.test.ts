import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDemoRunInViewer, writeDemoRun } from './harness/demoRun';
import { shownLine, useWorkbench } from './harness/useWorkbench';

describe('the trajectory viewer in a real VS Code', () => {
  const workbench = useWorkbench({
    settings: (home) => ({
      'rolloutStudio.runsRoot': join(home, 'runs'),
      'rolloutStudio.refreshIntervalSeconds': 1,
    }),
    prepare: (home) => {
      writeDemoRun(join(home, 'runs'), 6);
    },
  });

  it('opens the demo run, finds a malformed tool call, shows its diagnostic in the card, and compares', async () => {
    const wb = workbench();
    const frame = await openDemoRunInViewer(wb);
    await expect
      .poll(async () => shownLine(frame.locator('.table-status')), { timeout: 30_000 })
      .toContain('144 of 144 samples');
    await wb.screenshot('viewer-e2e-table');
    await frame.getByLabel('Filter expression').fill('code == TC002');
    await expect
      .poll(async () => shownLine(frame.locator('.table-status')), { timeout: 15_000 })
      .toMatch(/^ ?\d+ of 144 samples/);
    await expect
      .poll(async () => Number(/(\d+) of 144/.exec(await shownLine(frame.locator('.table-status')))?.[1]))
      .toBeLessThan(144);
    await frame.locator('.table-body .row').first().click();
    const card = frame.locator('.call-card.dropped').first();
    await card.waitFor({ timeout: 15_000 });
    expect(await shownLine(card)).toContain('dropped by SGLang');
    expect(await card.locator('.diagnostic .code').allTextContents()).toContain('TC002');
    await card.scrollIntoViewIfNeeded();
    await wb.screenshot('viewer-e2e-malformed-call');
    await frame.getByRole('button', { name: 'Compare in group' }).click();
    await frame.locator('.compare-row.divergence').waitFor({ timeout: 15_000 });
    expect(await shownLine(frame.locator('.compare-head .note'))).toMatch(/first differ at turn \d+/);
    await wb.screenshot('viewer-e2e-compare');
  });

  it("shows the demo run's step timeline from its console.log and its behaviour flags; a flag filters the table", async () => {
    const wb = workbench();
    const frame = await wb.webviewFrame('rs-viewer');
    await frame.locator('#tab-overview').click();
    const bars = frame.locator('rs-step-timeline .tl-bar');
    // Six trained steps and the open window of step 6 (the weight update after step 5).
    await expect.poll(() => bars.count(), { timeout: 30_000 }).toBe(7);
    expect(await shownLine(frame.locator('.tl-legend'))).toContain('rollout generation');
    await bars.nth(2).hover();
    expect(await shownLine(frame.locator('.tl-readout'))).toMatch(/^ ?step 2 · [\d.]+ s: rollout generation/);
    const loop = frame.locator('rs-behaviour li[data-flag="loop"]');
    await loop.waitFor({ timeout: 30_000 });
    const n = Number(/(\d+) samples/.exec(await shownLine(loop))?.[1]);
    expect(n).toBeGreaterThan(0);
    await wb.screenshot('viewer-e2e-timeline-behaviour');
    await loop.locator('.flag-link').click();
    await expect
      .poll(async () => shownLine(frame.locator('.table-status')), { timeout: 15_000 })
      .toMatch(new RegExp(`^ ?${n} of 144 samples`));
    const rows = frame.locator('.table-body .row');
    expect(await rows.locator('.flag-badge.loop').count()).toBe(await rows.count());
    await rows.first().click();
    await frame.locator('rs-trace-gantt .gantt-row').first().waitFor({ timeout: 15_000 });
    await wb.screenshot('viewer-e2e-behaviour-filtered');
  });
});
