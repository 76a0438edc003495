import { rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LocalTarget } from '../../src/remote/localTarget';
import { discoverServers } from '../../src/remote/servers/discoverServers';
import { stopServer } from '../../src/remote/servers/stopServer';
import { clientHome } from '../box/harness/sshBox';
import type { ClientHome } from '../box/harness/sshBox';
import { Sshd } from '../box/harness/sshd';
import { launchWorkbench } from './harness/workbench';
import type { Workbench } from './harness/workbench';

// The box's `python3 -m sglang.launch_server` is the stand-in package under test/fixtures/box/sglang.
const SGLANG = resolve(__dirname, '../fixtures/box/sglang');
const BOX_ROOT = `.rollout-studio-e2e-servers-${process.pid}`;

const text = async (locator: { textContent(): Promise<string | null> }) =>
  ((await locator.textContent()) ?? '').replace(/\u00a0/g, ' ').replace(/\s+/g, ' ');
const freePort = () =>
  new Promise<number>((res) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => res(port));
    });
  });

describe('Start SGLang Server against a real sshd box', () => {
  let sshd: Sshd;
  let client: ClientHome;
  let wb: Workbench;

  beforeAll(async () => {
    sshd = await Sshd.start({ env: { PYTHONPATH: SGLANG } });
    client = await clientHome({ 'gpu-box': { sshd } }, { trust: [sshd] });
    wb = await launchWorkbench({
      env: { HOME: client.home, SSH_AUTH_SOCK: undefined },
      settings: () => ({
        'rolloutStudio.runsRoot': `~/${BOX_ROOT}/runs`,
        'rolloutStudio.serversRoot': `~/${BOX_ROOT}/servers`,
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
    // A failed test may leave its server running: stop what it started (only that) before removing the folder.
    const box = new LocalTarget();
    for (const server of await discoverServers(box, `~/${BOX_ROOT}/servers`))
      await stopServer(box, server.dir, { graceMs: 5_000 }).catch(() => undefined);
    rmSync(join(homedir(), BOX_ROOT), { recursive: true, force: true });
  });

  it('starts a policy server from the palette; the Servers view shows it ready with the parsers it runs with; stop', async () => {
    const { page } = wb;
    const quickRow = (t: string) =>
      page.locator('.quick-input-list .monaco-list-row', { hasText: t }).first();
    const input = page.locator('.quick-input-widget input');
    // Each input box follows the last; wait for its title so no answer lands in the previous one.
    const answer = async (title: string, value: string) => {
      await page.locator('.quick-input-widget', { hasText: `Start SGLang Server: ${title}` }).waitFor();
      await input.fill(value);
      await page.keyboard.press('Enter');
    };
    await page.locator('.activitybar [aria-label^="Rollout Studio"]').first().click();
    await wb.runCommand('Rollout Studio: Connect to Box…');
    await quickRow('gpu-box').click();
    const sidebar = page.locator('.part.sidebar');
    await sidebar.locator('.monaco-list-row', { hasText: 'gpu-box' }).first().waitFor({ timeout: 30_000 });

    const port = await freePort();
    await wb.runCommand('Rollout Studio: Start SGLang Server…');
    await quickRow('gpu-box').click();
    await quickRow('Policy').click();
    await answer('Model path', '/models/Qwen3-4B-Instruct-2507');
    await answer('Port', String(port));
    await answer('Tensor parallel size', '1');
    await answer('Memory fraction', '0.8');
    await page.locator('.quick-input-widget', { hasText: 'tool-call parser' }).waitFor();
    await quickRow('qwen25').click();
    await page.locator('.quick-input-widget', { hasText: 'reasoning parser' }).waitFor();
    await quickRow('qwen3').click();

    const server = sidebar
      .locator('.monaco-list-row', { hasText: 'Qwen3-4B-Instruct-2507 (policy)' })
      .first();
    await expect
      .poll(async () => text(server), { timeout: 60_000 })
      .toMatch(new RegExp(`ready · qwen25 \\+ qwen3 · :${port} · gpu-box · up`));
    await wb.expand(server, sidebar.locator('.monaco-list-row', { hasText: 'Tool-call parser' }).first());
    expect(
      await text(sidebar.locator('.monaco-list-row', { hasText: 'Reasoning parser' }).first()),
    ).toContain('qwen3');
    await wb.screenshot('servers-ready');

    await server.hover();
    await server.locator('.action-label[aria-label="Stop Server"]').click();
    const confirm = page.locator('.monaco-dialog-box');
    await confirm.waitFor({ timeout: 30_000 });
    await confirm.getByRole('button', { name: 'Stop Server' }).click();
    await expect.poll(async () => text(server), { timeout: 60_000 }).toMatch(/stopped/);
    await wb.screenshot('servers-stopped');
  });
});
