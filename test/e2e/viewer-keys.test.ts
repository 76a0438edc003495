import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDemoRunInViewer, writeDemoRun } from './harness/demoRun';
import { useWorkbench } from './harness/useWorkbench';

describe('the viewer from the keyboard', () => {
  const workbench = useWorkbench({
    settings: (home) => ({ 'rolloutStudio.runsRoot': join(home, 'runs') }),
    prepare: (home) => writeDemoRun(join(home, 'runs'), 2),
  });

  it('moves between samples and diagnostic turns, toggles compare and finds with Ctrl+F', async () => {
    const wb = workbench();
    const { page } = wb;
    const frame = await openDemoRunInViewer(wb);
    const title = frame.locator('.sample-title');
    const shown = async () => (await title.textContent())?.trim() ?? '';
    await frame.getByLabel('Filter expression').fill('errors > 0');
    // Rows are clicked once the filter has applied, so the table's order is the filtered one.
    const status = frame.locator('.table-status');
    await expect
      .poll(async () => Number(/(\d+) of 48/.exec((await status.textContent()) ?? '')?.[1] ?? 48), {
        timeout: 30_000,
      })
      .toBeLessThan(48);
    const first = frame.locator('.table-body .row:not(.loading)').first();
    // The table repaints as the filter applies; a row replaced under the click is clicked again.
    await expect
      .poll(
        async () => {
          await first.click({ timeout: 5_000 }).catch(() => undefined);
          return shown();
        },
        { timeout: 60_000 },
      )
      .not.toBe('');
    const before = await shown();

    // Alt+Down / Alt+Up: the next and previous row of the table, once each.
    await page.keyboard.press('Alt+ArrowDown');
    await expect.poll(shown, { timeout: 15_000 }).not.toBe(before);
    const second = await shown();
    await page.keyboard.press('Alt+ArrowUp');
    await expect.poll(shown, { timeout: 15_000 }).toBe(before);

    // F8: the first turn with a diagnostic, as the outline marks it.
    await page.keyboard.press('F8');
    const current = frame.locator('.outline-item.current');
    await current.waitFor({ timeout: 15_000 });
    const turn = Number(await current.getAttribute('data-turn'));
    const diagnostic = frame.locator(`#turn-${turn} .diagnostic`);
    expect(await diagnostic.count()).toBeGreaterThan(0);
    await wb.screenshot('viewer-keys-diagnostic-turn');

    // Alt+C: compare in group, and back.
    await page.keyboard.press('Alt+C');
    await frame.locator('rs-compare').waitFor({ timeout: 15_000 });
    await page.keyboard.press('Alt+C');
    await expect.poll(() => frame.locator('rs-compare').count(), { timeout: 15_000 }).toBe(0);

    // Ctrl+F: the cursor in the viewer's search box.
    await page.keyboard.press('Control+F');
    await expect
      .poll(() => frame.evaluate(() => (document.activeElement as HTMLInputElement | null)?.type))
      .toBe('search');
    expect(second).not.toBe(before);
  });
});
