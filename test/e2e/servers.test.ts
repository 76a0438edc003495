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
import { freePort } from '../../scripts/lib/codeServer.mjs';
import { shownLine, useWorkbench } from './harness/useWorkbench';
import { answer, quickRow } from './harness/palette';

// The box's `python3 -m sglang.launch_server` is the stand-in package under test/fixtures/box/sglang.
const SGLANG = resolve(__dirname, '../fixtures/box/sglang');
const BOX_ROOT = `.rollout-studio-e2e-servers-${process.pid}`;

describe('Start SGLang Server against a real sshd box', () => {
  let sshd: Sshd;
  let client: ClientHome;

  beforeAll(async () => {
    sshd = await Sshd.start({ env: { PYTHONPATH: SGLANG } });
    client = await clientHome({ 'gpu-box': { sshd } }, { trust: [sshd] });
  });

  afterAll(async () => {
    await client?.remove();
    await sshd?.stop();
    // A failed test may leave its server running: stop what it started (only that) before removing the folder.
    const box = new LocalTarget();
    for (const server of await discoverServers(box, `~/${BOX_ROOT}/servers`))
      await stopServer(box, server.dir, { graceMs: 5_000 }).catch(() => undefined);
    rmSync(join(homedir(), BOX_ROOT), { recursive: true, force: true });
  });

  // Closed before the hooks above run: vitest runs afterAll hooks last-registered first.
  const workbench = useWorkbench(() => ({
    env: { HOME: client.home, SSH_AUTH_SOCK: undefined },
    settings: () => ({
      'rolloutStudio.runsRoot': `~/${BOX_ROOT}/runs`,
      'rolloutStudio.serversRoot': `~/${BOX_ROOT}/servers`,
    }),
  }));

  it('starts a policy server from the palette; the Servers view shows it ready with the parsers it runs with; stop', async () => {
    const wb = workbench();
    const { page } = wb;
    await page.locator('.activitybar [aria-label^="Rollout Studio"]').first().click();
    await wb.runCommand('Rollout Studio: Connect to Box…');
    await quickRow(page, 'gpu-box').click();
    const sidebar = page.locator('.part.sidebar');
    await sidebar.locator('.monaco-list-row', { hasText: 'gpu-box' }).first().waitFor({ timeout: 30_000 });

    const port = await freePort();
    await wb.runCommand('Rollout Studio: Start SGLang Server…');
    await quickRow(page, 'gpu-box').click();
    await quickRow(page, 'Policy').click();
    await answer(page, 'Start SGLang Server: Model path', '/models/Qwen3-4B-Instruct-2507');
    await answer(page, 'Start SGLang Server: Port', String(port));
    await answer(page, 'Start SGLang Server: Tensor parallel size', '1');
    await answer(page, 'Start SGLang Server: Memory fraction', '0.8');
    await page.locator('.quick-input-widget', { hasText: 'tool-call parser' }).waitFor();
    await quickRow(page, 'qwen25').click();
    await page.locator('.quick-input-widget', { hasText: 'reasoning parser' }).waitFor();
    await quickRow(page, 'qwen3').click();

    const server = sidebar
      .locator('.monaco-list-row', { hasText: 'Qwen3-4B-Instruct-2507 (policy)' })
      .first();
    await expect
      .poll(async () => shownLine(server), { timeout: 60_000 })
      .toMatch(new RegExp(`ready · qwen25 \\+ qwen3 · :${port} · gpu-box · up`));
    await wb.expand(server, sidebar.locator('.monaco-list-row', { hasText: 'Tool-call parser' }).first());
    expect(
      await shownLine(sidebar.locator('.monaco-list-row', { hasText: 'Reasoning parser' }).first()),
    ).toContain('qwen3');
    await wb.screenshot('servers-ready');
    // Under the latest load, each figure over the last minute as bars, and in words for a screen reader.
    const throughput = sidebar.locator('.monaco-list-row', { hasText: 'Throughput' }).first();
    await expect
      .poll(async () => shownLine(throughput), { timeout: 30_000 })
      .toMatch(/Throughput\s*\d[\d,]* tok\/s [▁-█]{2,}/);
    expect(await throughput.getAttribute('aria-label')).toMatch(
      /^Throughput over the last \d+ readings: now /,
    );
    await wb.screenshot('servers-load-history');

    await server.hover();
    await server.locator('.action-label[aria-label="Stop Server"]').click();
    const confirm = page.locator('.monaco-dialog-box');
    await confirm.waitFor({ timeout: 30_000 });
    await confirm.getByRole('button', { name: 'Stop Server' }).click();
    await expect.poll(async () => shownLine(server), { timeout: 60_000 }).toMatch(/stopped/);
    await wb.screenshot('servers-stopped');
  });
});
