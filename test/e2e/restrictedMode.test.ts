import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDemoRunInViewer, writeDemoRun } from './harness/demoRun';
import { shownText, useWorkbench } from './harness/useWorkbench';

describe('in a workspace the user does not trust (Restricted Mode)', () => {
  const workbench = useWorkbench({
    askWorkspaceTrust: true,
    prepare: (home) => writeDemoRun(join(home, 'runs'), 2),
    settings: (home) => ({ 'rolloutStudio.runsRoot': join(home, 'runs') }),
  });

  it('still reads runs, opens the viewer and the demo, and says that launching needs trust', async () => {
    const wb = workbench();
    const { page } = wb;
    // A folder nobody trusted yet opens in Restricted Mode.
    await page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).waitFor({ timeout: 60_000 });

    // Reading works: the explorer finds the run and the viewer shows its samples.
    const viewer = await openDemoRunInViewer(wb);
    await viewer.locator('.table-body .row:not(.loading)').first().waitFor({ timeout: 60_000 });

    // Launching does not, and says why and what to do.
    // From the Runs view's own title button, as a user would with the viewer open beside it.
    const header = page.locator('.part.sidebar .pane-header', { hasText: 'Runs & Rollouts' });
    await header.hover();
    await header.locator('.action-label[aria-label^="Start GRPO Run"]').click();
    const toast = page.locator('.notification-toast', {
      hasText: 'Starting a run needs a trusted workspace',
    });
    await toast.waitFor({ timeout: 30_000 });
    expect(await shownText(toast)).toContain('Manage Workspace Trust');
    // No wizard opened behind the notice.
    expect(await page.locator('.quick-input-widget', { hasText: 'Start GRPO Run' }).isVisible()).toBe(false);
    await wb.screenshot('restricted-mode');

    // Open Demo Run needs no trust. With a finished demo already listed (the one under the runs root, as
    // `npm start` writes it) it opens that one rather than writing a second run of the same name.
    // From the palette, opened from the side bar: the viewer fills the editor area the palette helper clicks.
    await page.keyboard.press('Escape');
    await toast.waitFor({ state: 'hidden' });
    await page.locator('.part.sidebar .title-label').first().click();
    await page.keyboard.press('Control+Shift+P');
    await page.locator('.quick-input-widget input').fill('>Rollout Studio: Open Demo Run');
    await page
      .locator('.quick-input-list .monaco-list-row', { hasText: 'Rollout Studio: Open Demo Run' })
      .first()
      .waitFor();
    await page.keyboard.press('Enter');
    // Nothing is written: the notification that shows while a demo is written never comes.
    const writing = page.locator('.notification-toast', { hasText: 'Writing the demo run' });
    for (let t = 0; t < 15; t++) {
      expect(await writing.count()).toBe(0);
      await page.waitForTimeout(200);
    }
    // The viewer's frame is looked up on each try: the demo may open in a panel of its own.
    const total = async () => {
      const frame = await wb.webviewFrame('rs-viewer', 10_000).catch(() => undefined);
      const text = await frame
        ?.locator('.table-status')
        .textContent({ timeout: 5_000 })
        .catch(() => null);
      return Number(/of (\d+)/.exec(text ?? '')?.[1] ?? 0);
    };
    await expect.poll(total, { timeout: 120_000 }).toBe(48);
    // ...and asked for no trust on the way.
    expect(await page.locator('.notification-toast', { hasText: 'needs a trusted workspace' }).count()).toBe(
      0,
    );
    // One demo in the explorer (a demo written beside it is listed before the viewer turns to it).
    const demos = page.locator('.part.sidebar .monaco-list-row', { hasText: 'tau2 GRPO · Qwen3-4B (demo)' });
    await demos.first().waitFor({ timeout: 30_000 });
    expect(await demos.count()).toBe(1);
    await wb.screenshot('restricted-mode-demo');
  });
});
