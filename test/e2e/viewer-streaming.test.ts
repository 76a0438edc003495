import type { ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDemoRunInViewer, streamDemoRun } from './harness/demoRun';
import { useWorkbench } from './harness/useWorkbench';

describe('the viewer on a run that is still streaming', () => {
  let replay: ChildProcess | undefined;
  afterAll(() => void replay?.kill());

  const workbench = useWorkbench({
    settings: (home) => ({
      'rolloutStudio.runsRoot': join(home, 'runs'),
      'rolloutStudio.refreshIntervalSeconds': 1,
    }),
    prepare: (home) => {
      mkdirSync(join(home, 'runs'), { recursive: true });
    },
  });

  it("grows the step timeline as steps finish and shows a finished step's tokens while later ones stream", async () => {
    const wb = workbench();
    // The demo written record by record through the tap, with its console and train dumps, as a live run.
    replay = streamDemoRun(join(wb.home, 'runs'), 4, 150);
    const frame = await openDemoRunInViewer(wb);
    await frame.locator('#tab-overview').click();
    const bars = frame.locator('rs-step-timeline .tl-bar');
    await expect.poll(() => bars.count(), { timeout: 60_000 }).toBeGreaterThanOrEqual(1);
    const early = await bars.count();
    // Scrolled down to the charts, the pane stays there while steps stream in: it used to jump back to
    // the top about once a second, as each refresh rebuilt the charts.
    const pane = frame.locator('.overview-pane');
    await expect
      .poll(() => pane.evaluate((el) => ((el.scrollTop = 400), el.scrollTop)), { timeout: 30_000 })
      .toBeGreaterThan(300);
    await expect.poll(() => bars.count(), { timeout: 90_000 }).toBeGreaterThan(early);
    await wb.page.waitForTimeout(2_500);
    expect(await pane.evaluate((el) => el.scrollTop)).toBeGreaterThan(300);
    await wb.screenshot('viewer-streaming-overview-scrolled');
    await pane.evaluate((el) => (el.scrollTop = 0));
    expect(await frame.locator('rs-behaviour').count()).toBe(1);
    await wb.screenshot('viewer-streaming-timeline');

    // Step 0's train dump was written when the step ended; its samples show their tokens.
    await frame.locator('#tab-samples').click();
    await frame.getByLabel('Filter expression').fill('step == 0 and advantage > 0');
    const shown = async () => {
      const m = /(\d+) of (\d+) samples/.exec(
        ((await frame.locator('.table-status').textContent()) ?? '').replace(/\s+/g, ' '),
      );
      return m ? Number(m[2]) - Number(m[1]) : 0;
    };
    await expect.poll(shown, { timeout: 15_000 }).toBeGreaterThan(0);
    // Rows re-render as samples arrive; a click that lands on a row being replaced is clicked again.
    const tokensButton = frame.getByRole('button', { name: 'Tokens' });
    await expect
      .poll(
        async () => {
          if ((await tokensButton.count()) === 0) await frame.locator('.table-body .row').first().click();
          return tokensButton.count();
        },
        { timeout: 30_000, interval: 1000 },
      )
      .toBeGreaterThan(0);
    await tokensButton.click();
    const tokens = frame.locator('.token-text .tok');
    await tokens.first().waitFor({ timeout: 30_000 });
    expect(await frame.locator('.token-text .tok[class*="adv-p"]').count()).toBeGreaterThan(10);
    await wb.screenshot('viewer-streaming-tokens');
  });
});
