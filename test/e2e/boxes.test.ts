import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientHome } from '../box/harness/sshBox';
import type { ClientHome } from '../box/harness/sshBox';
import { Sshd } from '../box/harness/sshd';
import { DEMO_RUN_ID } from '../../src/remote/demo/writeDemoRun';
import { runLinkUri } from '../../src/core/run/runLink';
import { writeDemoRun } from './harness/demoRun';
import { shownText, useWorkbench } from './harness/useWorkbench';
import { quickRow } from './harness/palette';

describe('Connect to Box against a real sshd', () => {
  let sshd: Sshd;
  let client: ClientHome;
  // Registered before the workbench's hooks: the box starts first and stops after the window closes.
  beforeAll(async () => {
    sshd = await Sshd.start();
    // known_hosts starts empty: the first connection must show the fingerprint and ask.
    client = await clientHome({ 'gpu-box': { sshd } });
  });
  afterAll(async () => {
    await client?.remove();
    await sshd?.stop();
  });
  const workbench = useWorkbench(() => ({
    env: { HOME: client.home, SSH_AUTH_SOCK: undefined },
    prepare: (home) => {
      writeDemoRun(join(home, 'runs'), 1);
    },
    settings: (home) => ({ 'rolloutStudio.runsRoot': join(home, 'runs') }),
  }));

  it('offers the hosts of ~/.ssh/config, asks about the unknown host key, and shows the box with its findings', async () => {
    const wb = workbench();
    const { page } = wb;
    await page.locator('.activitybar [aria-label^="Rollout Studio"]').first().click();
    await wb.runCommand('Rollout Studio: Connect to Box…');
    await quickRow(page, 'gpu-box').click();
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 30_000 });
    const dialogText = await shownText(dialog);
    expect(dialogText).toContain("The authenticity of host '127.0.0.1'");
    const fingerprint = execFileSync('ssh-keygen', ['-lf', '-'], { input: sshd.hostPublicKey })
      .toString()
      .split(' ')[1];
    expect(dialogText).toContain(fingerprint);
    await wb.screenshot('boxes-host-key-prompt');
    await dialog.getByRole('button', { name: 'Trust and Connect' }).click();

    const sidebar = page.locator('.part.sidebar');
    const box = sidebar.locator('.monaco-list-row', { hasText: 'gpu-box' }).first();
    await expect.poll(async () => shownText(box), { timeout: 30_000 }).toMatch(/1 run · no GPU/);
    await box.click();
    await sidebar.locator('.monaco-list-row', { hasText: 'Python' }).first().waitFor({ timeout: 30_000 });
    // The run on the SSH box is listed under that box, next to this machine's.
    await sidebar
      .locator('.monaco-list-row', { hasText: 'tau2 GRPO · Qwen3-4B (demo)' })
      .nth(1)
      .waitFor({ timeout: 30_000 });
    expect(await readFile(client.knownHostsPath, 'utf8')).toContain(sshd.hostPublicKey.split(' ')[1]);
    await wb.screenshot('boxes-connected');
  });

  it('a link naming a box that is not connected connects to it, then opens the sample there', async () => {
    const wb = workbench();
    const { page } = wb;
    const boxes = page.locator('.part.sidebar .pane', { hasText: 'Boxes' }).first();
    const box = boxes.locator('.monaco-list-row', { hasText: 'gpu-box' }).first();
    // The tree repaints as the box's probe comes back, and a click on a row being replaced is lost: a
    // person clicks again, and so does this.
    await expect
      .poll(
        async () => {
          if ((await box.count()) === 0) return 0;
          await box.hover({ timeout: 5_000 }).catch(() => undefined);
          await box
            .locator('.action-label[aria-label="Disconnect"]')
            .click({ timeout: 5_000 })
            .catch(() => undefined);
          await page.waitForTimeout(500);
          return box.count();
        },
        { timeout: 60_000 },
      )
      .toBe(0);

    const link = runLinkUri('code-oss', 'rollout-studio.rollout-studio', {
      box: 'gpu-box',
      runDir: join(wb.home, 'runs', DEMO_RUN_ID),
      sample: { step: 0, evaluation: false, group: 0, index: 1 },
      turn: 2,
    });
    await wb.openUrl(link);
    await page.locator('.monaco-dialog-box .monaco-button', { hasText: /^Open$/ }).click({ timeout: 30_000 });

    // The box is connected again (its key is known now, so nothing is asked) and the sample opens from it.
    await expect.poll(async () => shownText(box), { timeout: 60_000 }).toMatch(/1 run/);
    const frame = await wb.webviewFrame('rs-trajectory');
    await expect
      .poll(async () => (await frame.locator('.sample-title').textContent())?.trim(), { timeout: 60_000 })
      .toBe('step-0/group-0/sample-1');
    await page.locator('.tab', { hasText: 'Trajectories · tau2 GRPO · Qwen3-4B (demo) (gpu-box)' }).waitFor();
    await frame.locator('.outline-item.current[data-turn="2"]').waitFor({ timeout: 15_000 });
    await wb.screenshot('boxes-link-opened');
  });
});
