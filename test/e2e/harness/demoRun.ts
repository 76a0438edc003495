import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { Frame } from 'playwright-core';
import { projectRoot } from '../../../scripts/lib/codeServer.mjs';
import type { Workbench } from './workbench';

/** Writes the finished demo run into runsRoot with the packaged CLI, as `npm start` does. */
export function writeDemoRun(runsRoot: string, steps: number): void {
  execFileSync(
    process.execPath,
    [join(projectRoot, 'dist', 'cli.js'), 'demo', runsRoot, '--interval-ms', '0', '--steps', String(steps)],
    { stdio: 'ignore' },
  );
}

/**
 * Starts the demo run streaming into runsRoot, record by record through the tap as a live run writes
 * them; the caller kills it when done.
 */
export function streamDemoRun(runsRoot: string, steps: number, intervalMs: number): ChildProcess {
  return spawn(
    process.execPath,
    [
      join(projectRoot, 'dist', 'cli.js'),
      'demo',
      runsRoot,
      '--steps',
      String(steps),
      '--interval-ms',
      String(intervalMs),
    ],
    { stdio: 'ignore' },
  );
}

/**
 * Shows the Rollout Studio container, waits for the demo run in the explorer and opens it in the
 * trajectory viewer from the palette (which asks for the run); returns the viewer's frame.
 */
export async function openDemoRunInViewer(wb: Workbench): Promise<Frame> {
  const { page } = wb;
  await page.locator('.activitybar [aria-label^="Rollout Studio"]').first().click();
  await page
    .locator('.part.sidebar .monaco-list-row', { hasText: 'tau2 GRPO · Qwen3-4B (demo)' })
    .waitFor({ timeout: 60_000 });
  await wb.runCommand('Rollout Studio: Open in Trajectory Viewer');
  await page
    .locator('.quick-input-list .monaco-list-row', { hasText: 'tau2 GRPO' })
    .first()
    .waitFor({ timeout: 15_000 });
  await page.keyboard.press('Enter');
  return wb.webviewFrame('rs-viewer');
}
