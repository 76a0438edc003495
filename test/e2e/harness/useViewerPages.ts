import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { launchChromium } from '../../../scripts/lib/chromium.mjs';
import { closeBundle, openViewer } from './viewerInChromium';
import type { ViewerPage, ViewerPageOptions } from './viewerInChromium';
import { SCREENSHOTS } from './workbench';

/**
 * One Chromium for the viewer pages of a describe block: the page a test opened is closed after it, with
 * a screenshot named after `prefix` and the test when it failed; the browser and the bundle after them all.
 */
export function useViewerPages(
  prefix: string,
): (records: string, options?: ViewerPageOptions) => Promise<ViewerPage> {
  let browser: Browser | undefined;
  let current: ViewerPage | undefined;
  beforeAll(async () => {
    browser = await launchChromium();
    mkdirSync(SCREENSHOTS, { recursive: true });
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && current)
      await current.page.screenshot({
        path: join(SCREENSHOTS, `failed-${prefix}-${ctx.task.name.replace(/\W+/g, '-')}.png`),
      });
    await current?.close();
    current = undefined;
  });
  afterAll(async () => {
    await browser?.close();
    closeBundle();
  });
  return async (records, options) => {
    if (!browser) throw new Error('Chromium did not start');
    current = await openViewer(browser, records, options);
    return current;
  };
}
