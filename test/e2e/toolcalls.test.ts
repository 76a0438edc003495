import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../scripts/lib/codeServer.mjs';
import { shownText, useWorkbench } from './harness/useWorkbench';
import { quickRow } from './harness/palette';

describe('tool-call diagnostics in a real VS Code', () => {
  const workbench = useWorkbench({
    prepare: (home) => {
      mkdirSync(join(home, 'workspace', 'data'), { recursive: true });
      copyFileSync(
        join(projectRoot, 'test', 'fixtures', 'datasets', 'broken-calls.jsonl'),
        join(home, 'workspace', 'data', 'broken-calls.jsonl'),
      );
    },
    // Records are long single lines; wrapping keeps the broken calls on screen.
    settings: () => ({ 'editor.wordWrap': 'on' }),
  });

  it('squiggles a broken call in an open dataset and explains it on hover', async () => {
    const wb = workbench();
    const { page } = wb;
    await page.locator('.monaco-workbench .part.editor').click({ position: { x: 200, y: 200 } });
    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget input').fill('broken-calls.jsonl');
    await quickRow(page, 'broken-calls.jsonl').waitFor();
    await page.keyboard.press('Enter');
    const squiggle = page.locator('.monaco-editor .squiggly-error').first();
    await squiggle.waitFor({ timeout: 30_000 });
    // The status bar counts the errors the extension reported: the bad JSON and the missing newline.
    await expect
      .poll(async () => shownText(page.locator('.statusbar-item[id="status.problems"]')), { timeout: 15_000 })
      .toMatch(/2/);
    // Monaco reuses line elements, so the squiggles' DOM order is not line order: hover each until the
    // bad JSON's (TC002) hover shows rather than the missing newline's.
    const hover = page.locator('.monaco-hover').filter({ hasText: 'TC002' });
    const hoverShows = async () => {
      for (const s of await page.locator('.monaco-editor .squiggly-error').all()) {
        await page.mouse.move(0, 0);
        await s.hover({ force: true });
        if (
          await hover.waitFor({ timeout: 3_000 }).then(
            () => true,
            () => false,
          )
        )
          return true;
      }
      return false;
    };
    await expect.poll(hoverShows, { timeout: 45_000 }).toBe(true);
    const hoverText = await shownText(hover);
    expect(hoverText).toContain('not valid JSON');
    expect(hoverText).toContain('SGLang verdict');
    await wb.screenshot('toolcalls-dataset-hover');
    await page.keyboard.press('Escape');
  });

  it('lints the file from the palette and fills the Problems panel', async () => {
    const wb = workbench();
    const { page } = wb;
    await wb.runCommand('Rollout Studio: Lint Tool Calls in File');
    const toast = page.locator('.notification-toast', { hasText: 'Tool calls:' });
    await toast.waitFor({ timeout: 30_000 });
    expect(await shownText(toast)).toMatch(/4 assistant turns in 3 records: 2 errors/);
    await toast.getByRole('button', { name: 'Open Problems' }).click();
    const problems = page.locator('.markers-panel');
    await problems.locator('.monaco-list-row', { hasText: 'TC010' }).first().waitFor();
    await wb.screenshot('toolcalls-problems');
  });

  it('shows the verdict in the Tool-Call Playground and updates it as the user types', async () => {
    const wb = workbench();
    const { page } = wb;
    await wb.runCommand('Rollout Studio: Open Tool-Call Playground');
    const frame = await wb.webviewFrame('rs-playground');
    await frame.locator('.diagnostic', { hasText: 'TC002' }).waitFor();
    // SGLang 0.5.16 and newer (the default profile) keep the turn 'stop' with no tool_calls.
    expect(await shownText(frame.locator('.verdict'))).toContain('no call could be read');
    await wb.screenshot('toolcalls-playground-broken');
    // Fix the trailing comma in the editor: the verdict now carries the call.
    // The tools of the dataset open beside it: names and arguments are checked against them.
    expect(await shownText(frame.locator('body'))).toContain('tools of broken-calls.jsonl');
    const editor = page.locator('.monaco-editor[data-uri$="Playground.txt"]').first();
    await editor.click();
    await page.keyboard.press('Control+H');
    await page.locator('.find-widget textarea[aria-label="Find"]').fill('",}}');
    await page.locator('.find-widget textarea[aria-label="Replace"]').fill('"}}');
    await page.keyboard.press('Control+Alt+Enter');
    await page.keyboard.press('Escape');
    await frame.locator('.call-name', { hasText: 'cancel_pending_order' }).waitFor({ timeout: 15_000 });
    expect(await frame.locator('.diagnostic').count()).toBe(0);
    await wb.screenshot('toolcalls-playground-fixed');
    // A scratch file kept saved: closing it asks nothing.
    await editor.click();
    await page.keyboard.press('Control+W');
    await expect.poll(() => page.locator('.monaco-editor[data-uri$="Playground.txt"]').count()).toBe(0);
    expect(await page.locator('.monaco-dialog-box').count()).toBe(0);
  });

  it('reveals the next problem of a long record line and fixes a trailing comma from the light bulb', async () => {
    const wb = workbench();
    const { page } = wb;
    await page.locator('.monaco-workbench .part.editor').click({ position: { x: 200, y: 200 } });
    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget input').fill('broken-calls.jsonl');
    await quickRow(page, 'broken-calls.jsonl').waitFor();
    await page.keyboard.press('Enter');
    // The problems sit on lines below the first record, off screen: the status bar counts them.
    await expect
      .poll(async () => shownText(page.locator('.statusbar-item[id="status.problems"]')), { timeout: 30_000 })
      .toMatch(/[1-9]/);
    await wb.runCommand('Rollout Studio: Reveal Next Tool-Call Problem');
    // The hover shows the problem in place, wherever on the long line it sits.
    await page.locator('.monaco-hover', { hasText: 'TC0' }).first().waitFor({ timeout: 15_000 });
    await wb.screenshot('toolcalls-reveal-next');
    await page.keyboard.press('Escape');
    // Go to the trailing comma's problem and take its quick fix.
    const editor = page.locator('.monaco-editor').first();
    const fixed = async () => !(await shownText(editor)).includes('mistake\\",}');
    for (
      let i = 0;
      i < 4 && !(await page.locator('.monaco-hover', { hasText: 'trailing comma' }).count());
      i++
    ) {
      await page.keyboard.press('Escape');
      await wb.runCommand('Rollout Studio: Reveal Next Tool-Call Problem');
      await page.locator('.monaco-hover').first().waitFor({ timeout: 10_000 });
    }
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+.');
    const fix = page.locator('.action-widget .monaco-list-row', { hasText: 'Remove the trailing comma' });
    await fix.first().waitFor({ timeout: 15_000 });
    await wb.screenshot('toolcalls-quick-fix-trailing-comma');
    await page.keyboard.press('Enter');
    await expect.poll(fixed, { timeout: 10_000 }).toBe(true);
  });
});
