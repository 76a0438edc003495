import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import type { Frame, Page } from 'playwright-core';
import { openDemoRunInViewer, writeDemoRun } from './harness/demoRun';
import { answer, quickInput, quickRow } from './harness/palette';
import { shownLine, shownText, useWorkbench } from './harness/useWorkbench';
import type { Workbench } from './harness/workbench';
import { clickUntil } from './harness/clickUntil';

// Saved views and pins in a real VS Code: a filter saved under a name and a sample pinned with a note
// survive a window reload, show in the explorer's Pinned node, and export as JSON and as a table.

const PYTHON = inject('testPython');
// The note is the user's text and is shown as text: markup in it must never become elements.
const NOTE =
  '<img src=x onerror="document.body.dataset.hacked=1"> drops the 2nd call after </think> & "quotes"';

/**
 * Runs a command from the palette opened with its shortcut where the focus is (the viewer's webview covers
 * the editor area, which the harness's runCommand clicks first).
 */
async function palette(page: Page, title: string): Promise<void> {
  await page.keyboard.press('Control+Shift+P');
  await quickInput(page).fill(`>${title}`);
  await quickRow(page, title).waitFor({ timeout: 30_000 });
}

async function reloadWindow(page: Page): Promise<void> {
  // Reload Window, as a person does: the workbench saves the webview's state before the page reloads.
  await palette(page, 'Developer: Reload Window');
  const reloaded = page.waitForEvent('load', { timeout: 60_000 });
  await page.keyboard.press('Enter');
  await reloaded;
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
}

/** Runs the export command on the demo run, picks `format` and accepts the suggested file; returns its path. */
async function exportAs(wb: Workbench, format: string, expectedName: string): Promise<string> {
  const { page } = wb;
  await palette(page, 'Rollout Studio: Export Saved Views and Pins…');
  await page.keyboard.press('Enter');
  await quickRow(page, 'tau2 GRPO').waitFor({ timeout: 30_000 });
  await page.keyboard.press('Enter');
  // The format is typed, as a person filtering the list does, and the one row left is taken.
  await quickRow(page, 'Pinned samples as CSV').waitFor({ timeout: 30_000 });
  await quickInput(page).fill(format);
  const row = quickRow(page, format);
  await expect.poll(() => page.locator('.quick-input-list .monaco-list-row').count()).toBe(1);
  await wb.screenshot(`saved-views-export-${expectedName.replace(/\W+/g, '-')}`);
  expect(await row.getAttribute('aria-label')).toContain(format);
  await page.keyboard.press('Enter');
  const input = quickInput(page);
  await expect.poll(async () => input.inputValue(), { timeout: 30_000 }).toContain(expectedName);
  const path = await input.inputValue();
  await page.keyboard.press('Enter');
  await page
    .locator('.notification-list-item', { hasText: `to ${path}.` })
    .first()
    .waitFor({ timeout: 60_000 });
  return path;
}

const shownCount = async (frame: Frame) =>
  Number(/^(\d+) of 48 samples/.exec(await shownLine(frame.locator('.table-status')))?.[1] ?? NaN);

describe('saved views and pins', () => {
  const workbench = useWorkbench({
    settings: (home) => ({ 'rolloutStudio.runsRoot': join(home, 'runs') }),
    prepare: (home) => writeDemoRun(join(home, 'runs'), 2),
  });

  it('saves a view, pins a sample with a note, keeps both over a reload, and exports them', async () => {
    const wb = workbench();
    const { page } = wb;
    let frame = await openDemoRunInViewer(wb);
    await expect.poll(() => shownCount(frame), { timeout: 60_000 }).toBe(48);
    const views = frame.getByLabel('Saved views and pins');
    await expect
      .poll(async () => shownLine(views.locator('option').first()), { timeout: 30_000 })
      .toBe('No saved views');

    await frame.getByLabel('Filter expression').fill('reward < 1');
    await expect.poll(() => shownCount(frame), { timeout: 30_000 }).toBeLessThan(48);
    const lowReward = await shownCount(frame);
    await frame.getByLabel('Save view').click();
    await answer(page, 'Save View', 'low reward');
    // The list shows the saved view as the one applied.
    await expect
      .poll(async () => shownLine(views.locator('option:checked')), { timeout: 30_000 })
      .toBe('low reward');

    // Pin the first sample of the view with a note.
    const row = frame.locator('.table-body .row:not(.loading)').first();
    const title = frame.locator('.sample-title');
    await clickUntil(row, title);
    const pinnedId = (await title.textContent())!.trim();
    await frame.locator('.trajectory-head button.pin').click();
    await answer(page, `Pin ${pinnedId}`, NOTE);
    const note = frame.locator('.pin-note .pin-text');
    await expect.poll(async () => shownText(note), { timeout: 30_000 }).toBe(NOTE);
    expect(await frame.locator('.pin-note img, .trajectory img').count()).toBe(0);
    await expect
      .poll(() => frame.locator('.table-body .row .pin-badge').count(), { timeout: 30_000 })
      .toBe(1);
    await wb.screenshot('saved-views-pinned');

    // Back to the whole run, then reload the window: the view, the pin and its note are still there.
    await frame.getByLabel('Filter expression').fill('');
    await expect.poll(() => shownCount(frame), { timeout: 30_000 }).toBe(48);
    await reloadWindow(page);
    frame = await wb.webviewFrame('rs-viewer .pin-note');
    await expect
      .poll(async () => shownText(frame.locator('.pin-note .pin-text')), { timeout: 30_000 })
      .toBe(NOTE);
    expect((await frame.locator('.sample-title').textContent())!.trim()).toBe(pinnedId);
    const reloadedViews = frame.getByLabel('Saved views and pins');
    await expect
      .poll(async () => (await reloadedViews.locator('option').allTextContents()).map((t) => t.trim()))
      .toEqual(['Views (1)', 'Pinned samples (1)', 'low reward']);

    // The list applies a saved view, and the Pinned entry lists the pinned sample alone.
    await reloadedViews.selectOption({ label: 'low reward' });
    await expect.poll(() => shownCount(frame), { timeout: 30_000 }).toBe(lowReward);
    expect(await frame.getByLabel('Filter expression').inputValue()).toBe('reward < 1');
    await reloadedViews.selectOption({ label: 'Pinned samples (1)' });
    await expect.poll(() => shownCount(frame), { timeout: 30_000 }).toBe(1);
    expect(await frame.getByLabel('Filter expression').inputValue()).toBe('pinned == true');
    await wb.screenshot('saved-views-pinned-list');

    // The explorer lists the pin under the run, with its note.
    const sidebar = page.locator('.part.sidebar');
    const run = sidebar.locator('.monaco-list-row', { hasText: 'tau2 GRPO · Qwen3-4B (demo)' }).first();
    const pinnedNode = sidebar.locator('.monaco-list-row', { hasText: /^Pinned/ }).first();
    await wb.expand(run, pinnedNode);
    const pinnedSample = sidebar.locator('.monaco-list-row', { hasText: pinnedId }).first();
    await wb.expand(pinnedNode, pinnedSample);
    expect(await shownLine(pinnedSample)).toContain('drops the 2nd call');
    await wb.screenshot('saved-views-explorer');

    const json = JSON.parse(
      readFileSync(await exportAs(wb, 'Saved views and pins', 'saved-views.json'), 'utf8'),
    ) as {
      views: { name: string; filter: string }[];
      pins: { sample: string; note: string }[];
    };
    expect(json.views).toEqual([expect.objectContaining({ name: 'low reward', filter: 'reward < 1' })]);
    expect(json.pins).toEqual([expect.objectContaining({ sample: pinnedId, note: NOTE })]);

    const csvPath = await exportAs(wb, 'as CSV', 'pinned.csv');
    const rows = JSON.parse(
      execFileSync(
        PYTHON,
        [
          '-c',
          'import csv, json, sys; print(json.dumps(list(csv.DictReader(open(sys.argv[1], newline="")))))',
          csvPath,
        ],
        { encoding: 'utf8' },
      ),
    ) as Record<string, string>[];
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ pinned: 'true', note: NOTE });
    expect(`step-${rows[0]!.step}/group-${rows[0]!.group}/sample-${rows[0]!.index}`).toBe(pinnedId);
  });
});
