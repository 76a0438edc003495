import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientHome } from '../box/harness/sshBox';
import type { ClientHome } from '../box/harness/sshBox';
import { Sshd } from '../box/harness/sshd';
import { DEMO_RUN_ID } from '../../src/remote/demo/writeDemoRun';
import { runLinkUri } from '../../src/core/run/runLink';
import { fromContextMenu } from './harness/contextMenu';
import { writeDemoRun } from './harness/demoRun';
import { quickRow } from './harness/palette';
import { shownText, useWorkbench } from './harness/useWorkbench';

// A run browsed heads only, in a real VS Code against a real sshd: chosen from the run's context menu,
// indexed by the box's python3, listed from its heads, and a sample's body read from the box when opened.
describe('a run on a box browsed by its heads', () => {
  let sshd: Sshd;
  let client: ClientHome;
  beforeAll(async () => {
    sshd = await Sshd.start();
    client = await clientHome({ 'gpu-box': { sshd } }, { trust: [sshd] });
  });
  afterAll(async () => {
    await client?.remove();
    await sshd?.stop();
  });
  const workbench = useWorkbench(() => ({
    env: { HOME: client.home, SSH_AUTH_SOCK: undefined },
    prepare: (home) => writeDemoRun(join(home, 'runs'), 3),
    settings: (home) => ({ 'rolloutStudio.runsRoot': join(home, 'runs') }),
  }));

  it('What to Copy of This Run… → Heads only lists the run from the box and opens a sample from it', async () => {
    const wb = workbench();
    const { page } = wb;
    const runDir = join(wb.home, 'runs', DEMO_RUN_ID);
    await page.locator('.activitybar [aria-label^="Rollout Studio"]').first().click();
    await wb.runCommand('Rollout Studio: Connect to Box…');
    await quickRow(page, 'gpu-box').click();
    const sidebar = page.locator('.part.sidebar');
    // The demo run is listed twice: on this machine, then under gpu-box.
    const run = sidebar.locator('.monaco-list-row', { hasText: 'tau2 GRPO · Qwen3-4B (demo)' }).nth(1);
    await run.waitFor({ timeout: 60_000 });

    const heads = quickRow(page, 'Heads only');
    await fromContextMenu(page, run, 'What to Copy of This Run…', heads);
    expect(await shownText(page.locator('.quick-input-widget'))).toContain(
      "the box indexes each record's head",
    );
    await wb.screenshot('heads-only-choice');
    await heads.click();

    // The box made its heads index beside the run's records, with its own python3.
    await expect.poll(() => existsSync(join(runDir, 'rollouts.heads.jsonl')), { timeout: 60_000 }).toBe(true);

    // A sample of the box's run opens (the demo numbers its groups across steps, six a step): its body is
    // read from the box by byte range.
    const link = runLinkUri('code-oss', 'rollout-studio.rollout-studio', {
      box: 'gpu-box',
      runDir,
      sample: { step: 2, evaluation: false, group: 13, index: 3 },
      turn: 2,
    });
    await wb.openUrl(link);
    await page.locator('.monaco-dialog-box .monaco-button', { hasText: /^Open$/ }).click({ timeout: 30_000 });
    const frame = await wb.webviewFrame('rs-trajectory');
    await expect
      .poll(async () => (await frame.locator('.sample-title').textContent())?.trim(), { timeout: 60_000 })
      .toBe('step-2/group-13/sample-3');
    await page.locator('.tab', { hasText: 'Trajectories · tau2 GRPO · Qwen3-4B (demo) (gpu-box)' }).waitFor();
    await frame.locator('.outline-item.current[data-turn="2"]').waitFor({ timeout: 15_000 });
    // The table says why turns, calls and length are empty: the bodies stay on the box.
    expect(await shownText(frame.locator('.table-status'))).toContain('heads only: bodies stay on the box');
    // The conversation is there, read from the box.
    await expect
      .poll(async () => (await shownText(frame.locator('.turn').first())).length)
      .toBeGreaterThan(20);
    await wb.screenshot('heads-only-sample');

    // The choice is kept for this run: the menu marks it.
    await fromContextMenu(page, run, 'What to Copy of This Run…', heads);
    expect(await shownText(heads)).toContain('(now)');
    await page.keyboard.press('Escape');
  });
});
