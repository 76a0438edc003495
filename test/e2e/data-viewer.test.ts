import { describe, expect, it } from 'vitest';
import { useDemoRun } from './harness/useDemoRun';
import { useViewerPages } from './harness/useViewerPages';
import { shownLine } from './harness/useWorkbench';

// The viewer in real Chromium over the real data service (no VS Code), on a three-step demo run whose
// step 2 over-samples one group.

describe('never-trained samples in the viewer', () => {
  const open = useViewerPages('data');
  const demo = useDemoRun(3);

  it('filters them, keeps the open sample while the filter text is selected and cleared', async () => {
    const { page } = await open(demo().records, {
      ui: {
        query: {
          filter: 'discarded == never-trained',
          search: '',
          sort: { column: 'step', descending: false },
        },
      },
    });
    await expect.poll(() => shownLine(page.locator('.table-status'))).toContain('4 of 72 samples');
    expect(await shownLine(page.locator('.table-status'))).toContain('reward dots: declared [0, 1]');
    await page.locator('.table-body .row').first().click();
    await page.locator('.sample-title').waitFor();
    // fill() selects the old text first: the input's native `select` event must not deselect the sample.
    await page.getByLabel('Filter expression').fill('');
    await expect.poll(() => shownLine(page.locator('.table-status'))).toContain('72 of 72 samples');
    expect(await shownLine(page.locator('.sample-title'))).toBe('step-2/group-17/sample-0');
  });
});
