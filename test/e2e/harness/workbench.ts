import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Frame, Locator, Page } from 'playwright-core';
import {
  ensureCodeServer,
  freePort,
  installExtension,
  projectRoot,
  startCodeServer,
  writeUserSettings,
} from '../../../scripts/lib/codeServer.mjs';
import { launchChromium } from '../../../scripts/lib/chromium.mjs';

export const SCREENSHOTS = join(projectRoot, 'test-results', 'screenshots');

export interface Workbench {
  page: Page;
  /** Expands a tree row until `child` shows; a row repainted under the click may miss it once. */
  expand(row: Locator, child: Locator): Promise<void>;
  /** A folder inside the temp dir that the test may fill before or during the test. */
  home: string;
  screenshot(name: string): Promise<string>;
  runCommand(title: string): Promise<void>;
  /** Hands a URI to VS Code as a pasted link would (Developer: Open URL); VS Code then asks to open it. */
  openUrl(uri: string): Promise<void>;
  /** The frame of the first webview whose content matches the selector. */
  webviewFrame(selector: string, timeoutMs?: number): Promise<Frame>;
  /**
   * Ends code-server and everything it started (the extension host included) with the signal, starts it
   * again on the same user data, extensions and folder, and reloads the page: what a crash or a quit and
   * a reopen of the editor does. `whileDown` runs once it is gone and before it starts again.
   */
  restart(signal: 'SIGKILL' | 'SIGTERM', whileDown?: () => void): Promise<void>;
  /** The folder VS Code keeps user data in (settings, global storage). */
  userDataDir: string;
  close(): Promise<void>;
}

export interface WorkbenchOptions {
  /** User settings; `rolloutStudio.runsRoot` usually points into `home`. */
  settings?: (home: string) => Record<string, unknown>;
  /** Prepares files before VS Code starts (the workspace folder is `${home}/workspace`). */
  prepare?: (home: string) => void | Promise<void>;
  /** Environment of code-server and the extension host, e.g. HOME pointing at a test ~/.ssh. */
  env?: Record<string, string | undefined>;
  /** Let VS Code ask whether the folder is trusted; the test answers (default: every folder trusted). */
  askWorkspaceTrust?: boolean;
}

/** Starts code-server with the packaged .vsix installed and opens the workbench in Chromium. */
export async function launchWorkbench(options: WorkbenchOptions = {}): Promise<Workbench> {
  const { version } = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as {
    version: string;
  };
  const vsix = join(projectRoot, `rollout-studio-${version}.vsix`);
  const home = mkdtempSync(join(tmpdir(), 'rs-e2e-'));
  const userDataDir = join(home, 'user-data');
  const extensionsDir = join(home, 'extensions');
  const folder = join(home, 'workspace');
  mkdirSync(folder, { recursive: true });
  await options.prepare?.(home);
  const codeServer = ensureCodeServer();
  installExtension(codeServer, { userDataDir, extensionsDir, vsix });
  writeUserSettings(userDataDir, {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'extensions.ignoreRecommendations': true,
    'update.mode': 'none',
    'window.commandCenter': false,
    // The demo and the screenshots are about Rollout Studio; keep the chat side bar out of the way.
    'chat.disableAIFeatures': true,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    ...options.settings?.(home),
  });
  const start = async () =>
    startCodeServer(codeServer, {
      port: await freePort(),
      userDataDir,
      extensionsDir,
      folder,
      logFile: join(home, 'code-server.log'),
      env: options.env,
      askWorkspaceTrust: options.askWorkspaceTrust,
    });
  let server = await start();
  let browser: Browser | undefined;
  try {
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const open = async () => {
      await page.goto(`${server.url}?folder=${encodeURIComponent(folder)}`);
      await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    };
    await open();
    const openBrowser = browser;
    mkdirSync(SCREENSHOTS, { recursive: true });
    const runCommand = async (title: string): Promise<void> => {
      // A palette or picker still open from a previous step would take the click below.
      if (await page.locator('.quick-input-widget').isVisible()) await page.keyboard.press('Escape');
      // Clicking the editor area first keeps the shortcut away from a focused terminal or webview.
      await page.locator('.monaco-workbench .part.editor').click({ position: { x: 200, y: 200 } });
      await page.keyboard.press('Control+Shift+P');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor();
      await input.fill(`>${title}`);
      await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor();
      await page.keyboard.press('Enter');
    };
    return {
      page,
      home,
      userDataDir,
      async restart(signal, whileDown) {
        const { child } = server;
        const ended = new Promise((r) => child.once('exit', r));
        if (child.exitCode === null && child.signalCode === null) {
          process.kill(-(child.pid as number), signal);
          await ended;
        }
        whileDown?.();
        server = await start();
        await open();
      },
      async expand(row, child) {
        for (let attempt = 0; attempt < 5; attempt++) {
          if (await child.isVisible()) return;
          await row.click();
          if (
            await child.waitFor({ timeout: 2_000 }).then(
              () => true,
              () => false,
            )
          )
            return;
          // Keyboard expansion of the selected row, in case the click only selected it.
          await page.keyboard.press('ArrowRight');
          if (
            await child.waitFor({ timeout: 2_000 }).then(
              () => true,
              () => false,
            )
          )
            return;
        }
        await child.waitFor({ timeout: 5_000 });
      },
      async screenshot(name) {
        const path = join(SCREENSHOTS, `${name}.png`);
        await page.screenshot({ path });
        return path;
      },
      runCommand,
      async openUrl(uri) {
        await runCommand('Developer: Open URL');
        // The palette's own input stays up until the command runs; under load a fill before that types
        // the link into the palette. Open URL's input is a fresh, empty one.
        const input = page.locator('.quick-input-widget input');
        const deadline = Date.now() + 30_000;
        while (!((await input.isVisible()) && (await input.inputValue()) === '')) {
          if (Date.now() > deadline) throw new Error('Developer: Open URL showed no input within 30 s');
          await page.waitForTimeout(100);
        }
        await input.fill(uri);
        await page.keyboard.press('Enter');
      },
      async webviewFrame(selector, timeoutMs = 60_000) {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
          for (const frame of page.frames()) {
            if (!frame.url().includes('webview')) continue;
            if (
              (await frame
                .locator(selector)
                .count()
                .catch(() => 0)) > 0
            )
              return frame;
          }
          if (Date.now() > deadline)
            throw new Error(`no webview frame with ${selector} after ${timeoutMs} ms`);
          await page.waitForTimeout(250);
        }
      },
      async close() {
        await openBrowser.close();
        server.stop();
        rmSync(home, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await browser?.close();
    server.stop();
    throw new Error(`${(e as Error).message}\n--- code-server output ---\n${server.output()}`, { cause: e });
  }
}
