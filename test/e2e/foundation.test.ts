import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeDemoRun } from './harness/demoRun';
import { shownText, useWorkbench } from './harness/useWorkbench';
import { quickRow } from './harness/palette';

describe('the packaged extension in code-server', () => {
  const workbench = useWorkbench({
    prepare: (home) => {
      writeDemoRun(join(home, 'runs'), 2);
    },
    settings: (home) => ({ 'rolloutStudio.runsRoot': join(home, 'runs') }),
  });

  it('shows the Rollout Studio container with its three views', async () => {
    const wb = workbench();
    const { page } = wb;
    await page.locator('.activitybar [aria-label^="Rollout Studio"]').first().click();
    const sidebar = page.locator('.part.sidebar');
    await expect.poll(() => sidebar.locator('.pane-header', { hasText: 'Boxes' }).count()).toBe(1);
    await expect.poll(() => sidebar.locator('.pane-header', { hasText: 'Runs & Rollouts' }).count()).toBe(1);
    await expect.poll(() => sidebar.locator('.pane-header', { hasText: 'Servers' }).count()).toBe(1);
    // The demo run written before start-up is discovered and shown with its state.
    const run = sidebar.locator('.monaco-list-row', { hasText: 'tau2 GRPO · Qwen3-4B (demo)' });
    await run.waitFor({ timeout: 30_000 });
    expect(await run.textContent()).toContain('exited (exit 0)');
    await expect.poll(() => sidebar.locator('.monaco-list-row', { hasText: 'This machine' }).count()).toBe(1);
    // An empty Servers view explains itself instead of showing a blank pane.
    await sidebar.getByText('SGLang servers you start on a box appear here').waitFor();
    await wb.screenshot('foundation-sidebar');
  });

  it('runs a command from the palette: Open Run Console Log', async () => {
    const wb = workbench();
    const { page } = wb;
    await wb.runCommand('Rollout Studio: Open Run Console Log');
    await quickRow(page, 'tau2 GRPO · Qwen3-4B (demo)').click();
    await page.locator('.tab', { hasText: 'console.log' }).waitFor();
    await page.locator('.view-lines', { hasText: 'replaying recorded tau2 rollouts' }).waitFor();
    expect(await shownText(page.locator('.view-lines').first())).toContain('rollout 0:');
    await wb.screenshot('foundation-console-log');
  });
});
