import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeBundle, openViewer } from './harness/viewerInChromium';
import { launchChromium } from '../../scripts/lib/chromium.mjs';
import { writeDemoRun } from './harness/demoRun';

// The viewer in real Chromium over the real data service (no VS Code), on a three-step demo run whose
// step 2 over-samples one group.

const squash = async (l: { textContent(): Promise<string | null> }) =>
  ((await l.textContent()) ?? '').replace(/\s+/g, ' ');

describe('never-trained samples in the viewer', () => {
  let browser: Browser;
  let records: string;
  let demoRoot: string;

  beforeAll(async () => {
    demoRoot = mkdtempSync(join(tmpdir(), 'rs-data-viewer-'));
    writeDemoRun(demoRoot, 3);
    records = readFileSync(join(demoRoot, 'demo-tau2-grpo-qwen3-4b', 'rollouts.jsonl'), 'utf8');
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    closeBundle();
    rmSync(demoRoot, { recursive: true, force: true });
  });

  it('filters them, keeps the open sample while the filter text is selected and cleared', async () => {
    const v = await openViewer(browser, records, {
      ui: {
        query: {
          filter: 'discarded == never-trained',
          search: '',
          sort: { column: 'step', descending: false },
        },
      },
    });
    try {
      const { page } = v;
      await expect.poll(() => squash(page.locator('.table-status'))).toContain('4 of 72 samples');
      expect(await squash(page.locator('.table-status'))).toContain('reward dots: declared [0, 1]');
      await page.locator('.table-body .row').first().click();
      await page.locator('.sample-title').waitFor();
      // fill() selects the old text first: the input's native `select` event must not deselect the sample.
      await page.getByLabel('Filter expression').fill('');
      await expect.poll(() => squash(page.locator('.table-status'))).toContain('72 of 72 samples');
      expect(await squash(page.locator('.sample-title'))).toBe('step-2/group-17/sample-0');
    } finally {
      await v.close();
    }
  });
});
