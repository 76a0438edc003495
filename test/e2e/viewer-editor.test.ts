import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDemoRunInViewer, writeDemoRun } from './harness/demoRun';
import { shownLine, shownText, useWorkbench } from './harness/useWorkbench';
import { quickRow } from './harness/palette';

// The viewer's ties to the editor in a real VS Code: a turn opened as a document carries the same
// diagnostics as the card, and a window reload brings the panel back on the same run, filter and sample.

describe('the trajectory viewer and the editor', () => {
  const workbench = useWorkbench({
    settings: (home) => ({
      'rolloutStudio.runsRoot': join(home, 'runs'),
      'rolloutStudio.refreshIntervalSeconds': 1,
      // A turn is one long line of JSON in places; wrapped, the squiggle is on screen to hover.
      'editor.wordWrap': 'on',
    }),
    prepare: (home) => {
      writeDemoRun(join(home, 'runs'), 6);
    },
  });

  it('opens a turn with a malformed call as a document whose squiggle and hover show the diagnostic', async () => {
    const wb = workbench();
    const { page } = wb;
    const frame = await openDemoRunInViewer(wb);
    await expect
      .poll(async () => shownLine(frame.locator('.table-status')), { timeout: 30_000 })
      .toContain('144 of 144 samples');
    await frame.getByLabel('Filter expression').fill('code == TC002');
    const matching = async () =>
      Number(/(\d+) of 144/.exec(await shownLine(frame.locator('.table-status')))?.[1]);
    await expect.poll(matching, { timeout: 15_000 }).toBeLessThan(144);
    await frame.locator('.table-body .row').first().click();
    const turn = frame.locator('article.turn:has(.call-card.dropped)').first();
    await turn.waitFor({ timeout: 15_000 });
    const title = ((await frame.locator('.sample-title').textContent()) ?? '').replaceAll('/', ' ');
    const index = ((await turn.getAttribute('id')) ?? '').replace('turn-', '');
    await turn.getByRole('button', { name: 'Open turn in editor' }).click();

    const tab = page.locator('.tabs-container .tab', { hasText: `${title} · turn ${index}.txt` });
    await tab.waitFor({ timeout: 15_000 });
    const editor = page.locator('.monaco-editor[data-uri^="rollout-studio-turn:"]').first();
    const squiggle = editor.locator('.squiggly-error').first();
    await squiggle.waitFor({ timeout: 15_000 });
    await squiggle.hover({ force: true });
    const hover = page.locator('.monaco-hover').filter({ hasText: 'TC002' });
    await hover.waitFor({ timeout: 15_000 });
    const hoverText = await shownText(hover);
    expect(hoverText).toContain('not valid JSON');
    expect(hoverText).toContain('SGLang verdict');
    await wb.screenshot('viewer-e2e-turn-in-editor');
    await page.keyboard.press('Escape');
  });

  it('comes back after a window reload on the same run, filter and selected sample', async () => {
    const wb = workbench();
    const { page } = wb;
    const before = await wb.webviewFrame('rs-viewer');
    const selected = await before.locator('.sample-title').textContent();
    expect(selected).toMatch(/^step-\d+\/group-\d+\/sample-\d+$/);
    // Reload Window, as a person does: the workbench saves editor state (the webview's last setState
    // included) before the page reloads. A bare browser refresh saves it only on a best-effort unload and
    // can bring back an older state.
    // The palette is opened from the turn's editor: two editor groups are open, one of them a webview.
    await page.locator('.monaco-editor[data-uri^="rollout-studio-turn:"]').first().click();
    await page.keyboard.press('Control+Shift+P');
    await page.locator('.quick-input-widget input').fill('>Developer: Reload Window');
    await quickRow(page, 'Developer: Reload Window').waitFor();
    const reloaded = page.waitForEvent('load', { timeout: 60_000 });
    await page.keyboard.press('Enter');
    await reloaded;
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    const frame = await wb.webviewFrame('rs-viewer .sample-title');
    await expect
      .poll(async () => frame.locator('.sample-title').textContent(), { timeout: 30_000 })
      .toBe(selected);
    expect(await frame.getByLabel('Filter expression').inputValue()).toBe('code == TC002');
    await expect
      .poll(async () => Number(/(\d+) of 144/.exec(await shownLine(frame.locator('.table-status')))?.[1]), {
        timeout: 30_000,
      })
      .toBeLessThan(144);
    await expect.poll(() => frame.locator('.table-body .row[aria-selected="true"]').count()).toBe(1);
    expect(await frame.locator('.run-picker select').inputValue()).toContain('demo-tau2-grpo-qwen3-4b');
    await wb.screenshot('viewer-e2e-restored');
  });
});
