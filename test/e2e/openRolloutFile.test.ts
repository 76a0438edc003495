import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../scripts/lib/codeServer.mjs';
import { launchWorkbench } from './harness/workbench';
import type { Workbench } from './harness/workbench';

const text = async (locator: { textContent(): Promise<string | null> }) =>
  ((await locator.textContent()) ?? '').replace(/\u00a0/g, ' ');

const FIXTURE = 'tau2-v0-telecom-gpt41-trimmed.json';

describe('Open Rollout File', () => {
  let wb: Workbench;

  beforeAll(async () => {
    wb = await launchWorkbench({
      prepare: (home) =>
        copyFileSync(
          join(projectRoot, 'test', 'fixtures', 'trajectory', FIXTURE),
          join(home, 'workspace', FIXTURE),
        ),
      settings: (home) => ({ 'rolloutStudio.runsRoot': join(home, 'runs') }),
    });
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail')
      await wb?.screenshot(`failed-${ctx.task.name.replace(/\W+/g, '-')}`);
  });

  afterAll(async () => {
    await wb?.close();
  });

  it('reads a real tau2-bench results file into the explorer', async () => {
    const { page } = wb;
    await page.locator('.activitybar [aria-label^="Rollout Studio"]').first().click();
    await wb.runCommand('Rollout Studio: Open Rollout File…');
    // code-server's own file dialog: a path box in the quick input.
    const input = page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(join(wb.home, 'workspace', FIXTURE));
    // Take the file's own row, as a person would; Enter alone may take the highlighted folder.
    const fileRow = page.locator('.quick-input-list .monaco-list-row', { hasText: FIXTURE }).first();
    await fileRow.waitFor();
    await fileRow.click();
    if (await page.locator('.quick-input-widget').isVisible()) await page.keyboard.press('Enter');
    const toast = page.locator('.notification-toast', { hasText: `Opened ${FIXTURE}` });
    await toast.waitFor({ timeout: 30_000 });
    expect(await text(toast)).toMatch(/\(tau2\): 20 samples/);
    const sidebar = page.locator('.part.sidebar');
    await sidebar.locator('.monaco-list-row', { hasText: 'Opened files' }).waitFor({ timeout: 15_000 });
    const run = sidebar.locator('.monaco-list-row', { hasText: FIXTURE });
    await expect
      .poll(async () => text(run), { timeout: 15_000 })
      .toMatch(/tau2 file · eval 0 · reward 0\.80 · 20 samples/);
    const evalStep = sidebar.locator('.monaco-list-row', { hasText: /Eval 0/ });
    await wb.expand(run, evalStep);
    await wb.expand(evalStep, sidebar.locator('.monaco-list-row', { hasText: 'telecom · task' }).first());
    await wb.screenshot('open-rollout-file');
  });
});
