import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../scripts/lib/codeServer.mjs';
import { shownText, useWorkbench } from './harness/useWorkbench';
import { quickInput, quickRow } from './harness/palette';

const FIXTURE = 'tau2-v0-telecom-gpt41-trimmed.json';

describe('Open Rollout File', () => {
  const workbench = useWorkbench({
    prepare: (home) =>
      copyFileSync(
        join(projectRoot, 'test', 'fixtures', 'trajectory', FIXTURE),
        join(home, 'workspace', FIXTURE),
      ),
    settings: (home) => ({ 'rolloutStudio.runsRoot': join(home, 'runs') }),
  });

  it('reads a real tau2-bench results file into the explorer', async () => {
    const wb = workbench();
    const { page } = wb;
    await page.locator('.activitybar [aria-label^="Rollout Studio"]').first().click();
    const toast = page.locator('.notification-toast', { hasText: `Opened ${FIXTURE}` });
    // code-server's own file dialog is a path box in the quick input. It sometimes takes a typed path
    // as its folder instead of the file; like a person, the test then simply opens the dialog again.
    for (let attempt = 0; attempt < 3 && !(await toast.isVisible()); attempt++) {
      await page.keyboard.press('Escape');
      await wb.runCommand('Rollout Studio: Open Rollout File…');
      const input = quickInput(page);
      await input.waitFor();
      await input.fill(join(wb.home, 'workspace', FIXTURE));
      const fileRow = quickRow(page, FIXTURE);
      await fileRow.waitFor();
      await fileRow.click();
      if (await page.locator('.quick-input-widget').isVisible()) await page.keyboard.press('Enter');
      await toast.waitFor({ timeout: 10_000 }).catch(() => undefined);
    }
    await toast.waitFor({ timeout: 5_000 });
    expect(await shownText(toast)).toMatch(/\(tau2\): 20 samples/);
    const sidebar = page.locator('.part.sidebar');
    await sidebar.locator('.monaco-list-row', { hasText: 'Opened files' }).waitFor({ timeout: 15_000 });
    const run = sidebar.locator('.monaco-list-row', { hasText: FIXTURE });
    await expect
      .poll(async () => shownText(run), { timeout: 15_000 })
      .toMatch(/tau2 file · eval 0 · reward 0\.80 · 20 samples/);
    const evalStep = sidebar.locator('.monaco-list-row', { hasText: /Eval 0/ });
    await wb.expand(run, evalStep);
    await wb.expand(evalStep, sidebar.locator('.monaco-list-row', { hasText: 'telecom · task' }).first());
    await wb.screenshot('open-rollout-file');
  });
});
