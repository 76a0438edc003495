// `npm start -- --smoke`: what a newcomer does after `npm start`, done by a browser: open the printed
// URL, click the Rollout Studio icon and see the demo run in the explorer. Used by .ci/run.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** Resolves with the screenshot's path once the demo run shows with samples; throws otherwise. */
export async function smokeCheck(url, { runName, screenshotDir }) {
  const { launchChromium } = await import('./chromium.mjs');
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(url);
    await page.locator('.monaco-workbench').waitFor({ timeout: 120_000 });
    await page.locator('.activitybar [aria-label^="Rollout Studio"]').first().click({ timeout: 60_000 });
    const row = page.locator('.part.sidebar .monaco-list-row', { hasText: runName });
    await row.first().waitFor({ timeout: 120_000 });
    // The replay is under way once the run row counts samples.
    await row
      .filter({ hasText: /\d+ samples/ })
      .first()
      .waitFor({ timeout: 120_000 });
    mkdirSync(screenshotDir, { recursive: true });
    const path = join(screenshotDir, 'start-smoke.png');
    await page.screenshot({ path });
    return path;
  } finally {
    await browser.close();
  }
}
