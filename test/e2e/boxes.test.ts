import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientHome } from '../box/harness/sshBox';
import type { ClientHome } from '../box/harness/sshBox';
import { Sshd } from '../box/harness/sshd';
import { writeDemoRun } from './harness/demoRun';
import { shownText, useWorkbench } from './harness/useWorkbench';

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
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'gpu-box' }).click();
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
});
