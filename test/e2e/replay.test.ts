import { rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalTarget } from '../../src/remote/localTarget';
import { discoverServers } from '../../src/remote/servers/discoverServers';
import { stopServer } from '../../src/remote/servers/stopServer';
import { clientHome } from '../box/harness/sshBox';
import type { ClientHome } from '../box/harness/sshBox';
import { Sshd } from '../box/harness/sshd';
import { writeDemoRun } from './harness/demoRun';
import { freePort } from '../../scripts/lib/codeServer.mjs';
import { shownLine, useWorkbench } from './harness/useWorkbench';
import { answer, quickRow } from './harness/palette';

// The box's `python3 -m sglang.launch_server` is the stand-in (test/fixtures/box/sglang): its canned
// completion for a turn with one assistant turn before it is a call in single-quoted JSON.
const SGLANG = resolve(__dirname, '../fixtures/box/sglang');
const BOX_ROOT = `.rollout-studio-e2e-replay-${process.pid}`;
// Under code-server's HOME (the client home) on this machine; the box's ~ is another directory.
const RUNS = 'rs-e2e-replay-runs';

describe('Replay on policy server in a real VS Code against a real sshd box', () => {
  let sshd: Sshd;
  let client: ClientHome;

  beforeAll(async () => {
    sshd = await Sshd.start({ env: { PYTHONPATH: SGLANG } });
    client = await clientHome({ 'gpu-box': { sshd } }, { trust: [sshd] });
    writeDemoRun(join(client.home, RUNS), 6);
  });

  afterAll(async () => {
    await client?.remove();
    await sshd?.stop();
    const box = new LocalTarget();
    for (const server of await discoverServers(box, `~/${BOX_ROOT}/servers`))
      await stopServer(box, server.dir, { graceMs: 5_000 }).catch(() => undefined);
    rmSync(join(homedir(), BOX_ROOT), { recursive: true, force: true });
  });

  // Closed before the hooks above run: vitest runs afterAll hooks last-registered first.
  const workbench = useWorkbench(() => ({
    env: { HOME: client.home, SSH_AUTH_SOCK: undefined },
    settings: () => ({
      'rolloutStudio.runsRoot': `~/${RUNS}`,
      'rolloutStudio.serversRoot': `~/${BOX_ROOT}/servers`,
      'rolloutStudio.refreshIntervalSeconds': 1,
    }),
  }));

  it('with no server it offers Start SGLang Server; once one is ready the turn shows the new raw completion and its diagnostic', async () => {
    const wb = workbench();
    const { page } = wb;
    await page.locator('.activitybar [aria-label^="Rollout Studio"]').first().click();
    const sidebar = page.locator('.part.sidebar');
    await sidebar
      .locator('.monaco-list-row', { hasText: 'tau2 GRPO · Qwen3-4B (demo)' })
      .waitFor({ timeout: 60_000 });
    await wb.runCommand('Rollout Studio: Connect to Box…');
    await quickRow(page, 'gpu-box').click();
    await sidebar.locator('.monaco-list-row', { hasText: 'gpu-box' }).first().waitFor({ timeout: 30_000 });

    await wb.runCommand('Rollout Studio: Open in Trajectory Viewer');
    await quickRow(page, 'tau2 GRPO').waitFor({ timeout: 15_000 });
    await page.keyboard.press('Enter');
    const frame = await wb.webviewFrame('rs-viewer');
    await expect
      .poll(async () => shownLine(frame.locator('.table-status')), { timeout: 30_000 })
      .toContain('144 of 144 samples');
    // A sample with several assistant turns, so its second one can be replayed.
    await frame.getByLabel('Filter expression').fill('turns >= 6');
    await expect
      .poll(async () => Number(/(\d+) of 144/.exec(await shownLine(frame.locator('.table-status')))?.[1]), {
        timeout: 30_000,
      })
      .toBeLessThan(144);
    await frame.locator('.table-body .row').first().click();
    const turn = frame.locator('article.turn.role-assistant').nth(1);
    await turn.waitFor({ timeout: 15_000 });
    const replay = turn.getByRole('button', { name: 'Replay on policy server' });

    // No server yet: the turn says so, and the notification's button starts the wizard.
    await replay.click();
    await turn.locator('.replay-no-server').waitFor({ timeout: 15_000 });
    expect(await shownLine(turn.locator('.replay-no-server'))).toContain('No policy server is ready');
    await wb.screenshot('replay-e2e-no-server');
    await page
      .locator('.notification-toast', { hasText: 'No policy server is ready' })
      .getByRole('button', { name: 'Start SGLang Server' })
      .click();
    const port = await freePort();
    await quickRow(page, 'gpu-box').click();
    await quickRow(page, 'Policy').click();
    await answer(page, 'Start SGLang Server: Model path', '/models/Qwen3-4B');
    await answer(page, 'Start SGLang Server: Port', String(port));
    await answer(page, 'Start SGLang Server: Tensor parallel size', '1');
    await answer(page, 'Start SGLang Server: Memory fraction', '');
    await page.locator('.quick-input-widget', { hasText: 'tool-call parser' }).waitFor();
    await quickRow(page, 'qwen25').click();
    await page.locator('.quick-input-widget', { hasText: 'reasoning parser' }).waitFor();
    await quickRow(page, 'qwen3').click();
    const server = sidebar.locator('.monaco-list-row', { hasText: 'Qwen3-4B (policy)' }).first();
    await expect
      .poll(async () => shownLine(server), { timeout: 60_000 })
      .toMatch(new RegExp(`ready · qwen25 \\+ qwen3 · :${port}`));

    // Keyboard: focus the turn's Replay button and press Enter.
    await replay.focus();
    await page.keyboard.press('Enter');
    const done = turn.locator('.replay-done');
    await done.waitFor({ timeout: 30_000 });
    const shown = await shownLine(done);
    expect(shown).toContain('Replay on Qwen3-4B (policy) on gpu-box');
    expect(shown).toContain("(from the server's request log)");
    // The raw completion is shown as the model wrote it: the single-quoted block, as text.
    expect(await shownLine(done.locator('.raw-completion'))).toContain(
      "<tool_call>\n{'name': ".replace('\n', ' '),
    );
    const card = done.locator('.call-card.dropped').first();
    expect(await shownLine(card)).toContain('dropped by SGLang');
    expect(await card.locator('.diagnostic .code').allTextContents()).toContain('TC002');
    // The demo's system prompt lists the tools itself, so SGLang's parse endpoints read the completion.
    expect(shown).toContain('(/separate_reasoning + /parse_function_call)');
    expect(await shownLine(done.locator('.server-parse'))).toContain(
      "The server's parsers returned calls []",
    );
    expect(await shownLine(done)).toContain('Our emulation and the server agree on this completion.');
    // The original turn stays beside it.
    expect(await turn.locator('.replay-pair > .original').count()).toBe(1);
    // The notifications (server ready, …) would cover the turn: close them, then show the replay's card.
    const toasts = page.locator('.notifications-toasts .notification-toast');
    while ((await toasts.count()) > 0) {
      await toasts.first().hover();
      await toasts.first().locator('.codicon-notifications-clear').click();
    }
    // Room for the turns: fold the reward checks above them.
    const checks = frame.locator('summary', { hasText: 'tau2 checks' });
    if ((await checks.count()) > 0) await checks.first().click();
    await done.locator('.replay-head').scrollIntoViewIfNeeded();
    await wb.screenshot('replay-e2e-done');
    await card.scrollIntoViewIfNeeded();
    await wb.screenshot('replay-e2e-diagnostic');
  });
});
