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

  it('still reads runs and opens the viewer, and says that launching needs trust', async () => {
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
  });
});
