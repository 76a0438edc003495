import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { trailingCommaDataset } from '../trailingCommaDataset';
import { shownText, useWorkbench } from './harness/useWorkbench';

describe('long work in a real VS Code', () => {
  const workbench = useWorkbench({
    prepare: (home) => {
      mkdirSync(join(home, 'workspace'), { recursive: true });
      writeFileSync(join(home, 'workspace', 'big.jsonl'), trailingCommaDataset(100_000));
    },
    // Only the command lints: an open dataset is not linted by itself here.
    settings: () => ({ 'rolloutStudio.toolCalls.lintFilePatterns': [] }),
  });

  it('a lint cancelled from its notification stops and publishes nothing', async () => {
    const wb = workbench();
    const { page } = wb;
    // The palette lists only the commands contributed when it opens: wait for ours (their activity bar
    // entry) before opening it, as every other test does by opening our views first.
    await page.locator('.activitybar [aria-label^="Rollout Studio"]').first().waitFor({ timeout: 60_000 });
    // The file is too large for the text editor, so the command asks for it in its file dialog.
    await wb.runCommand('Rollout Studio: Lint Tool Calls in File');
    const input = page.locator('.quick-input-widget input');
    await expect.poll(() => input.inputValue(), { timeout: 30_000 }).toContain('/workspace');
    await input.fill(join(wb.home, 'workspace', 'big.jsonl'));
    await page.keyboard.press('Enter');

    const toast = page.locator('.notification-toast', { hasText: 'Linting tool calls in big.jsonl' });
    await toast.waitFor({ timeout: 60_000 });
    // It says how far it is before it is cancelled.
    await expect.poll(async () => shownText(toast), { timeout: 60_000 }).toMatch(/\d+%/);
    // The toast slides in; the picture waits for it to settle (nothing below depends on this wait).
    await page.waitForTimeout(500);
    await wb.screenshot('progress-lint-running');
    await toast.getByRole('button', { name: 'Cancel' }).click();

    const cancelled = page.locator('.notification-toast', { hasText: 'was cancelled' });
    await cancelled.waitFor({ timeout: 30_000 });
    expect(await shownText(cancelled)).toContain('Linting tool calls in big.jsonl was cancelled.');
    // The progress notification itself is gone (the one left names the same file, saying it was cancelled).
    const running = page.locator('.notification-toast', {
      hasText: 'Linting tool calls in big.jsonl',
      hasNotText: 'was cancelled',
    });
    await expect.poll(() => running.count(), { timeout: 15_000 }).toBe(0);
    // Nothing of the cancelled lint reached the Problems panel, and no summary came after.
    await page.waitForTimeout(2_000);
    expect(await page.locator('.notification-toast', { hasText: 'Tool calls:' }).count()).toBe(0);
    expect(await shownText(page.locator('.statusbar-item[id="status.problems"]'))).not.toMatch(/[1-9]/);
    await wb.screenshot('progress-lint-cancelled');
  });
});
