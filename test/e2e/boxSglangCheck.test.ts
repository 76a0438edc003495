import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../scripts/lib/codeServer.mjs';
import { ensurePythonEnv, sglangReleaseDir } from '../../scripts/lib/pythonEnv.mjs';
import { clientHome } from '../box/harness/sshBox';
import type { ClientHome } from '../box/harness/sshBox';
import { Sshd } from '../box/harness/sshd';
import { writeDemoRun } from './harness/demoRun';
import { shownText, useWorkbench } from './harness/useWorkbench';
import { quickRow } from './harness/palette';
import { clickUntil } from './harness/clickUntil';

// The box's python3 imports SGLang 0.5.23 from PyPI (one of the test environment's pinned releases,
// installed without its dependencies) plus the few packages its parsers import (the test venv's
// site-packages), as test/box/boxSglangCheck.test.ts sets it up. The demo run lives on this machine,
// whose python3 has no sglang, so the connected box is the one that answers.
const RUNS = 'rs-e2e-sglang-check-runs';

function boxPythonPath(): string {
  const venvLib = join(dirname(dirname(ensurePythonEnv())), 'lib');
  const python = readdirSync(venvLib).find((d) => d.startsWith('python3')) ?? '';
  return `${sglangReleaseDir('0.5.23')}:${join(venvLib, python, 'site-packages')}`;
}

describe("Check with the box's SGLang in a real VS Code against a real sshd box", () => {
  let sshd: Sshd;
  let client: ClientHome;
  beforeAll(async () => {
    sshd = await Sshd.start({ env: { PYTHONPATH: boxPythonPath() } });
    client = await clientHome({ 'gpu-box': { sshd } }, { trust: [sshd] });
    writeDemoRun(join(client.home, RUNS), 2);
  });
  afterAll(async () => {
    await client?.remove();
    await sshd?.stop();
  });
  const workbench = useWorkbench(() => ({
    env: { HOME: client.home, SSH_AUTH_SOCK: undefined },
    prepare: (home) => {
      mkdirSync(join(home, 'workspace', 'data'), { recursive: true });
      copyFileSync(
        join(projectRoot, 'test', 'fixtures', 'datasets', 'broken-calls.jsonl'),
        join(home, 'workspace', 'data', 'broken-calls.jsonl'),
      );
    },
    settings: () => ({
      'rolloutStudio.runsRoot': `~/${RUNS}`,
      'rolloutStudio.refreshIntervalSeconds': 1,
      'editor.wordWrap': 'on',
    }),
  }));

  it('in the viewer: with no box it says so and offers to connect; once connected it shows SGLang 0.5.23 beside ours', async () => {
    const wb = workbench();
    const { page } = wb;
    await page.locator('.activitybar [aria-label^="Rollout Studio"]').first().click();
    const sidebar = page.locator('.part.sidebar');
    await sidebar
      .locator('.monaco-list-row', { hasText: 'tau2 GRPO · Qwen3-4B (demo)' })
      .waitFor({ timeout: 60_000 });
    await wb.runCommand('Rollout Studio: Open in Trajectory Viewer');
    await quickRow(page, 'tau2 GRPO').waitFor({ timeout: 15_000 });
    await page.keyboard.press('Enter');
    const frame = await wb.webviewFrame('rs-viewer');
    await frame.locator('.table-body .row').first().waitFor({ timeout: 30_000 });
    // The run is on this machine, whose python3 has no sglang: read like the default, and said so.
    expect(await shownText(frame.locator('.run-profile'))).toMatch(
      /qwen25 \/ qwen3 · SGLang 0\.5\.23, the default: the SGLang release on This machine is not known/,
    );
    const turn = frame.locator('article.turn.role-assistant').first();
    await clickUntil(frame.locator('.table-body .row').first(), turn);
    const check = turn.getByRole('button', { name: "Check with the box's SGLang" });

    await check.click();
    const noBox = turn.locator('.sglang-check-no-box');
    await noBox.waitFor({ timeout: 15_000 });
    expect(await shownText(noBox)).toContain('No box is connected');
    await page.locator('.notification-toast', { hasText: 'no box is connected' }).waitFor();
    await noBox.scrollIntoViewIfNeeded();
    await wb.screenshot('sglang-check-viewer-no-box');

    // The panel's own link opens Connect to Box.
    await noBox.getByRole('button', { name: 'Connect to a box' }).click();
    await quickRow(page, 'gpu-box').click({ timeout: 15_000 });
    await sidebar.locator('.monaco-list-row', { hasText: 'gpu-box' }).first().waitFor({ timeout: 30_000 });

    // The notification from the first try is done with.
    await page
      .locator('.notification-toast', { hasText: 'no box is connected' })
      .getByRole('button', { name: /Clear Notification/ })
      .click()
      .catch(() => undefined);
    await check.click();
    await turn.locator('.sglang-check').scrollIntoViewIfNeeded();
    const done = turn.locator('.sglang-check-done, .sglang-check-failed');
    await done.waitFor({ timeout: 90_000 });
    await done.scrollIntoViewIfNeeded();
    await wb.screenshot('sglang-check-viewer');
    const shown = (await shownText(done)).replace(/\s+/g, ' ');
    expect(shown).toContain('SGLang 0.5.23 on gpu-box');
    expect(shown).toMatch(/SGLang 0\.5\.23 (agrees with|differs from) ours \(read like 0\.5\.23\)/);
    expect(await done.locator('table.sglang-compare tbody tr').count()).toBeGreaterThanOrEqual(3);
  });

  it('in a dataset: the hover link of a diagnosed turn opens SGLang 0.5.23 answer beside the file, differences marked', async () => {
    const wb = workbench();
    const { page } = wb;
    // The viewer the previous test left open would cover the editor area: a middle click closes its tab.
    const viewerTab = page.locator('.tabs-container .tab', { hasText: 'Trajectories' });
    if ((await viewerTab.count()) > 0) await viewerTab.first().click({ button: 'middle' });
    await viewerTab.waitFor({ state: 'detached', timeout: 10_000 });
    await page.locator('.monaco-workbench .part.editor').click({ position: { x: 200, y: 200 } });
    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget input').fill('broken-calls.jsonl');
    await quickRow(page, 'broken-calls.jsonl').waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.monaco-editor .squiggly-error').first().waitFor({ timeout: 30_000 });
    // The missing newline's turn (TC010): its hover carries the link.
    const hover = page.locator('.monaco-hover').filter({ hasText: 'TC010' });
    const hoverShows = async () => {
      for (const s of await page.locator('.monaco-editor .squiggly-error').all()) {
        await page.mouse.move(0, 0);
        await s.hover({ force: true });
        if (
          await hover.waitFor({ timeout: 3_000 }).then(
            () => true,
            () => false,
          )
        )
          return true;
      }
      return false;
    };
    await expect.poll(hoverShows, { timeout: 45_000 }).toBe(true);
    // A local dataset is read like the settings or the default, and the hover says which.
    expect(await shownText(hover)).toContain(
      'Read as qwen25 / qwen3 · SGLang 0.5.23, the default for local files.',
    );
    await hover.locator('a', { hasText: "Check with the box's SGLang" }).click();

    const report = page.locator('.monaco-editor[data-uri*="SGLang%20check"]').first();
    await report.waitFor({ timeout: 60_000 });
    const text = await shownText(report.locator('.view-lines'));
    expect(text).toContain("Check with the box's SGLang · line 3, message 2");
    expect(text).toContain('SGLang 0.5.23 on gpu-box · qwen25 / qwen3');
    const toast = page.locator('.notification-toast', { hasText: 'SGLang 0.5.23 on gpu-box' });
    await toast.waitFor({ timeout: 15_000 });
    expect((await shownText(toast)).replace(/\s+/g, ' ')).toMatch(
      /SGLang 0\.5\.23 on gpu-box (agrees with|differs from) ours \(read like 0\.5\.23\) on line 3, message 2/,
    );
    await wb.screenshot('sglang-check-dataset');
  });
});
