import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { stopRun } from '../../src/remote/launch/stopRun';
import { LocalTarget } from '../../src/remote/localTarget';
import { discoverRuns } from '../../src/remote/runDiscovery';
import { clientHome } from '../box/harness/sshBox';
import type { ClientHome } from '../box/harness/sshBox';
import { Sshd } from '../box/harness/sshd';
import { launchWorkbench } from './harness/workbench';
import type { Workbench } from './harness/workbench';

// The box is a real sshd on loopback; its "slime checkout" is the stand-in train.py, which in `slow`
// mode keeps training until it is stopped. Runs go to a folder of the box user's home that this test
// owns and removes.
const WORKDIR = resolve(__dirname, '../fixtures/box/slime');
const BOX_ROOT = `.rollout-studio-e2e-launch-${process.pid}`;

const text = async (locator: { textContent(): Promise<string | null> }) =>
  ((await locator.textContent()) ?? '').replace(/\u00a0/g, ' ').replace(/\s+/g, ' ');

describe('Start GRPO Run against a real sshd box', () => {
  let sshd: Sshd;
  let client: ClientHome;
  let wb: Workbench;

  beforeAll(async () => {
    sshd = await Sshd.start({ env: { STANDIN_BEHAVIOUR: 'slow' } });
    client = await clientHome({ 'gpu-box': { sshd } }, { trust: [sshd] });
    wb = await launchWorkbench({
      env: { HOME: client.home, SSH_AUTH_SOCK: undefined },
      prepare: (home) => {
        // A run spec in the workspace, as a user keeps one next to their code.
        mkdirSync(join(home, 'workspace', '.rollout-studio'), { recursive: true });
        writeFileSync(
          join(home, 'workspace', '.rollout-studio', 'e2e-grpo.json'),
          JSON.stringify(
            {
              name: 'e2e grpo',
              workdir: WORKDIR,
              args: {
                '--rollout-batch-size': 2,
                '--n-samples-per-prompt': 2,
                '--num-rollout': 1000,
                '--colocate': true,
              },
            },
            null,
            2,
          ),
        );
        writeFileSync(
          join(home, 'workspace', '.rollout-studio', 'e2e-oom.json'),
          JSON.stringify({
            name: 'e2e oom',
            workdir: WORKDIR,
            args: { '--rollout-batch-size': 2, '--n-samples-per-prompt': 2, '--num-rollout': 10 },
            // The stand-in dies with a CUDA OOM traceback, as slime does when the actor does not fit.
            env: { STANDIN_BEHAVIOUR: 'oom' },
          }),
        );
      },
      settings: () => ({
        'rolloutStudio.runsRoot': `~/${BOX_ROOT}/runs`,
        // The DOM renderer keeps the terminal's text readable by the test.
        'terminal.integrated.gpuAcceleration': 'off',
      }),
    });
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail')
      await wb?.screenshot(`failed-${ctx.task.name.replace(/\W+/g, '-')}`);
  });

  afterAll(async () => {
    await wb?.close();
    await client?.remove();
    await sshd?.stop();
    // A failed test may leave its run going: stop what it started (only that) before removing the folder.
    const box = new LocalTarget();
    for (const run of (await discoverRuns(box, `~/${BOX_ROOT}/runs`)).runs)
      await stopRun(box, run.dir, { graceMs: 5_000 }).catch(() => undefined);
    rmSync(join(homedir(), BOX_ROOT), { recursive: true, force: true });
  });

  it('launches from the palette after review; the run appears, streams, shows progress, and stops', async () => {
    const { page } = wb;
    const quickRow = (t: string) =>
      page.locator('.quick-input-list .monaco-list-row', { hasText: t }).first();
    const input = page.locator('.quick-input-widget input');
    await page.locator('.activitybar [aria-label^="Rollout Studio"]').first().click();
    await wb.runCommand('Rollout Studio: Connect to Box…');
    await quickRow('gpu-box').click();
    const sidebar = page.locator('.part.sidebar');
    await expect
      .poll(async () => text(sidebar.locator('.monaco-list-row', { hasText: 'gpu-box' }).first()), {
        timeout: 30_000,
      })
      .toMatch(/gpu-box/);

    await wb.runCommand('Rollout Studio: Start GRPO Run…');
    await quickRow('gpu-box').click();
    await input.fill('e2e-grpo');
    await quickRow('e2e-grpo.json').waitFor();
    await page.keyboard.press('Enter');
    // The values that matter, with the spec's values; change one.
    await quickRow('Review launch script').waitFor();
    await wb.screenshot('launch-values');
    // The list is longer than the picker; typing filters it, as a person would.
    await input.fill('rollouts');
    await quickRow('Number of rollouts').click();
    await input.fill('2000');
    await page.keyboard.press('Enter');
    await quickRow('Review launch script').click();

    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 120_000 });
    const review = await text(dialog);
    expect(review).toContain('Launch e2e grpo on gpu-box?');
    expect(review).toContain('--help on gpu-box');
    // The exact launch.sh is open behind the dialog.
    await expect
      .poll(async () => text(page.locator('.part.editor')), { timeout: 10_000 })
      .toContain('launch.sh');
    await wb.screenshot('launch-review');
    await dialog.getByRole('button', { name: 'Launch' }).click();

    // The run appears under the box, its console opens, progress reaches the status bar.
    const run = sidebar.locator('.monaco-list-row', { hasText: 'e2e grpo' }).first();
    await expect.poll(async () => text(run), { timeout: 60_000 }).toMatch(/running/);
    await page
      .locator('.terminal-tab, .tabs-container, .single-terminal-tab', { hasText: 'Run: e2e grpo' })
      .first()
      .waitFor({ timeout: 30_000 });
    // The explorer's item names the run and its reward from the tap; the console adds step of total and ETA.
    await expect
      .poll(async () => text(page.locator('.part.statusbar')), { timeout: 60_000 })
      .toMatch(/e2e grpo · step \d+ · reward 0\.50.*step \d+ of 2000 · ETA \d/);
    const progress = page.locator('.statusbar-item', { hasText: 'of 2000' });
    await expect
      .poll(async () => text(page.locator('.xterm-rows').first()), { timeout: 30_000 })
      .toMatch(/rollout \d+:/);
    await wb.screenshot('launch-running');

    await wb.runCommand('Rollout Studio: Stop Run');
    await quickRow('e2e grpo').click();
    const confirm = page.locator('.monaco-dialog-box');
    await confirm.waitFor({ timeout: 30_000 });
    expect(await text(confirm)).toContain('Only processes this run started are touched.');
    await confirm.getByRole('button', { name: 'Stop Run' }).click();
    await expect.poll(async () => text(run), { timeout: 60_000 }).toMatch(/exited/);
    await expect.poll(async () => progress.count(), { timeout: 10_000 }).toBe(0);
    await wb.screenshot('launch-stopped');
  });

  it('a run that fails right after launch is reported with its cause, and Show Line opens the console there', async () => {
    const { page } = wb;
    const quickRow = (t: string) =>
      page.locator('.quick-input-list .monaco-list-row', { hasText: t }).first();
    const input = page.locator('.quick-input-widget input');
    await wb.runCommand('Rollout Studio: Start GRPO Run…');
    await quickRow('gpu-box').click();
    // Filtering by typing keeps the pointer off the list, where a hover tooltip can cover the row.
    await input.fill('e2e-oom');
    await quickRow('e2e-oom.json').waitFor();
    await page.keyboard.press('Enter');
    await quickRow('Review launch script').click();
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 60_000 });
    await dialog.getByRole('button', { name: 'Launch' }).click();

    const toast = page.locator('.notification-toast', { hasText: 'Run e2e oom failed: CUDA out of memory.' });
    await toast.waitFor({ timeout: 60_000 });
    await wb.screenshot('launch-failure-notice');
    await toast.getByRole('button', { name: 'Show Line' }).click();
    const editor = page.locator('.part.editor .monaco-editor').first();
    await expect.poll(async () => text(editor), { timeout: 30_000 }).toContain('torch.OutOfMemoryError');
    await expect
      .poll(async () => text(page.locator('.part.statusbar')), { timeout: 10_000 })
      .toMatch(/Ln \d+, Col \d+ \(\d+ selected\)/);
    await wb.screenshot('launch-failure-line');
  });
});
