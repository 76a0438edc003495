import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useWorkbench } from './harness/useWorkbench';

describe('the getting-started walkthrough', () => {
  // No run anywhere: the walkthrough's own button writes the demo.
  const workbench = useWorkbench({
    settings: (home) => ({ 'rolloutStudio.runsRoot': join(home, 'runs') }),
  });

  it('opens from the palette, and each step completes when the user has done what it teaches', async () => {
    const wb = workbench();
    const { page } = wb;
    // The palette lists the extension's commands once its contributions are registered, which the
    // activity bar icon shows.
    await page.locator('.activitybar [aria-label^="Rollout Studio"]').first().waitFor({ timeout: 60_000 });
    const open = async () => {
      await wb.runCommand('Rollout Studio: Get Started');
      await page
        .locator('.gettingStartedContainer', { hasText: 'Watch GRPO rollouts' })
        .first()
        .waitFor({ timeout: 60_000 });
    };
    await open();
    const check = (step: string) =>
      page.locator(`.gettingStartedContainer [data-done-step-id$="#${step}"]`).first();
    const done = async (step: string) => (await check(step).getAttribute('aria-checked')) === 'true';
    const stepNamed = (title: string) =>
      page.locator('.gettingStartedContainer .getting-started-step', { hasText: title }).first();
    /** Opens a step and presses one of its own buttons, as a person does. */
    const pressInStep = async (title: string, button: string) => {
      await stepNamed(title).click();
      await page
        .locator('.gettingStartedContainer .getting-started-step.expanded')
        .getByText(button, { exact: true })
        .first()
        .click();
    };
    for (const title of [
      'Connect a box',
      'Check the box',
      'Open the demo or a run',
      'Start a GRPO run',
      'Read a malformed tool call',
    ])
      await stepNamed(title).waitFor();
    // Nothing is ticked before the user did it: this machine's findings come in by themselves, but
    // nobody has looked at them yet.
    for (const step of ['connect', 'check', 'open', 'start', 'malformed'])
      expect(await done(step)).toBe(false);
    await wb.screenshot('walkthrough-start');

    // Every step shows its media beside it: a picture of what the step teaches, never a blank pane.
    for (const [step, title, alt] of [
      ['connect', 'Connect a box', 'The Connect to Box picker'],
      ['check', 'Check the box', 'The Boxes view'],
      ['open', 'Open the demo or a run', 'Runs & Rollouts'],
      ['start', 'Start a GRPO run', 'The review before launch'],
      ['malformed', 'Read a malformed tool call', 'A tool-call card'],
    ] as const) {
      await stepNamed(title).click();
      // The picture of this step (its alt text says which), loaded and drawn.
      const picture = page.locator(`.gettingStartedContainer img[alt^="${alt}"]`).first();
      await expect
        .poll(
          () =>
            picture
              .evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)
              .catch(() => false),
          { timeout: 30_000 },
        )
        .toBe(true);
      // VS Code sets the image's source itself (no src attribute): what it loaded is the current source.
      expect(await picture.evaluate((img: HTMLImageElement) => img.currentSrc)).toContain(`${step}.svg`);
      await wb.screenshot(`walkthrough-step-${step}`);
    }

    // 1. Connect a box: the step's own button runs the command; this machine needs no connection.
    await pressInStep('Connect a box', 'Connect to Box…');
    const picker = page.locator('.quick-input-widget', { hasText: 'Connect to Box' });
    await picker.waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => done('connect'), { timeout: 15_000 }).toBe(true);

    // 2. Check the box: the step's own button shows the Boxes view, with this machine's findings.
    expect(await done('check')).toBe(false);
    await pressInStep('Check the box', 'Show Boxes');
    await page
      .locator('.part.sidebar .pane-header', { hasText: 'Boxes' })
      .first()
      .waitFor({ timeout: 30_000 });
    await expect.poll(() => done('check'), { timeout: 60_000 }).toBe(true);

    // 3. Open the demo from the step's own button: with no box and no run, the extension writes the
    // finished demo run on this machine and shows it in the viewer. 5. Read a malformed tool call
    // there: a sample with a tool-call error, its diagnostic on the call.
    expect(await done('open')).toBe(false);
    await pressInStep('Open the demo or a run', 'Open Demo Run');
    const frame = await wb.webviewFrame('rs-viewer', 120_000);
    const status = frame.locator('.table-status');
    const counts = async () =>
      /(\d+) of (\d+)/
        .exec((await status.textContent()) ?? '')
        ?.slice(1)
        .map(Number);
    await expect.poll(async () => (await counts())?.[1] ?? 0, { timeout: 60_000 }).toBeGreaterThan(0);
    await wb.screenshot('walkthrough-demo-opened');
    // The demo is a run of this machine's, listed in the explorer like any other.
    const sidebar = page.locator('.part.sidebar');
    // Shown since step 2; the activity bar's icon would hide it again.
    await sidebar.locator('.pane-header', { hasText: 'Runs & Rollouts' }).first().waitFor();
    await sidebar
      .locator('.monaco-list-row', { hasText: 'This machine' })
      .first()
      .waitFor({ timeout: 30_000 });
    await sidebar
      .locator('.monaco-list-row', { hasText: 'tau2 GRPO · Qwen3-4B (demo)' })
      .first()
      .waitFor({ timeout: 30_000 });
    const all = (await counts())?.[1] ?? 0;
    await frame.getByLabel('Filter expression').fill('errors > 0');
    await expect.poll(async () => (await counts())?.[0] ?? all, { timeout: 30_000 }).toBeLessThan(all);
    const row = frame.locator('.table-body .row:not(.loading)').first();
    const card = frame.locator('.trajectory .diagnostic.error').first();
    // The table repaints as the filter applies; a row replaced under the click is clicked again.
    await expect
      .poll(
        async () => {
          await row.click({ timeout: 5_000 }).catch(() => undefined);
          return card.isVisible();
        },
        { timeout: 60_000 },
      )
      .toBe(true);

    // 4. Start GRPO Run, from the Runs view's title button (the viewer beside it takes the editor
    // area's clicks): the wizard opens; leaving it counts as having seen it.
    const header = page.locator('.part.sidebar .pane-header', { hasText: 'Runs & Rollouts' });
    await header.hover();
    await header.locator('.action-label[aria-label^="Start GRPO Run"]').click();
    await page.locator('.quick-input-widget').waitFor();
    await page.keyboard.press('Escape');

    // Back to the walkthrough's tab: every step is ticked.
    await page.locator('.tabs-container .tab', { hasText: 'Welcome' }).click();
    for (const step of ['connect', 'check', 'open', 'start', 'malformed'])
      await expect.poll(() => done(step), { timeout: 15_000 }).toBe(true);
    await wb.screenshot('walkthrough-complete');
  });
});
