import { join } from 'node:path';
import type { Frame } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openDemoRunInViewer, writeDemoRun } from './harness/demoRun';
import { useWorkbench } from './harness/useWorkbench';

// The sample pane as a person sees it in VS Code at 1440 px: the conversation gets the height, with one
// scrollbar, and every table cell either shows all of its text or says it in a tooltip.

/** Elements between the conversation and the viewer that scroll vertically themselves. */
function nestedScrollers(frame: Frame): Promise<string[]> {
  return frame.evaluate(() => {
    const found: string[] = [];
    const turns = document.querySelector('.turns');
    for (let el = turns?.parentElement; el && el.tagName !== 'RS-VIEWER'; el = el.parentElement) {
      const { overflowY } = getComputedStyle(el);
      if ((overflowY === 'auto' || overflowY === 'scroll') && el.scrollHeight > el.clientHeight + 1)
        found.push(`${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`);
    }
    return found;
  });
}

/** Visible table cells whose text is cut off and whose tooltip does not hold that text. */
function clippedWithoutTooltip(frame: Frame): Promise<string[]> {
  return frame.evaluate(() => {
    const bad: string[] = [];
    for (const cell of document.querySelectorAll<HTMLElement>('.table-body .row [role="gridcell"]')) {
      const text = (cell.textContent ?? '').replace(/\s+/g, ' ').trim();
      const title = (cell.getAttribute('title') ?? '').replace(/\s+/g, ' ');
      if (cell.scrollWidth > cell.clientWidth + 1 && !title.includes(text)) bad.push(text);
    }
    return bad;
  });
}

describe('the sample pane at 1440 px in a real VS Code', () => {
  const workbench = useWorkbench({
    settings: (home) => ({
      'rolloutStudio.runsRoot': join(home, 'runs'),
      'rolloutStudio.refreshIntervalSeconds': 1,
    }),
    prepare: (home) => {
      writeDemoRun(join(home, 'runs'), 6);
    },
  });

  it('gives the conversation the height with one scrollbar, and no table cell hides text without a tooltip', async () => {
    const wb = workbench();
    expect(wb.page.viewportSize()?.width).toBe(1440);
    const frame = await openDemoRunInViewer(wb);
    // Samples with diagnostics and behaviour badges: the cells most likely to be cut.
    const status = async () =>
      ((await frame.locator('.table-status').textContent()) ?? '').replace(/\s+/g, ' ');
    await expect.poll(status, { timeout: 30_000 }).toContain('144 of 144 samples');
    await frame.getByLabel('Filter expression').fill('errors > 0');
    await expect
      .poll(async () => Number(/(\d+) of 144 samples/.exec(await status())?.[1] ?? 144), { timeout: 15_000 })
      .toBeLessThan(144);
    // Every visible row drawn with its data (the cells checked below are the real ones, not placeholders).
    await frame.locator('.table-body .row:not(.loading)').first().waitFor({ timeout: 15_000 });
    await expect.poll(() => frame.locator('.table-body .row.loading').count(), { timeout: 15_000 }).toBe(0);
    expect(await frame.locator('.table-body .row .codes').count()).toBeGreaterThan(3);
    await frame.locator('.table-body .row:not(.loading)').first().click();
    await frame.locator('.turns article.turn').first().waitFor({ timeout: 15_000 });
    await wb.screenshot('viewer-layout-1440');

    // On screen as the sample opens, and the larger part of the trajectory's pane.
    const box = await frame.evaluate(() => {
      const turns = document.querySelector('.turns')!.getBoundingClientRect();
      const pane = document.querySelector('.pane.right')!.getBoundingClientRect();
      return { top: turns.top, bottom: turns.bottom, pane: pane.height, window: window.innerHeight };
    });
    expect(box.bottom).toBeLessThanOrEqual(box.window + 1);
    expect(box.bottom - box.top).toBeGreaterThan(Math.max(250, 0.5 * box.pane));
    expect(await nestedScrollers(frame)).toEqual([]);
    expect(await clippedWithoutTooltip(frame)).toEqual([]);
    // Diagnostic codes and the status read in full at this width.
    const cut = await frame.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('.table-body .row .diag, .table-body .row .status')]
        .filter((c) => c.scrollWidth > c.clientWidth + 1)
        .map((c) => c.textContent?.trim()),
    );
    expect(cut).toEqual([]);
  });
});
