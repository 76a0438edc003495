import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromContextMenu } from './harness/contextMenu';
import { parseRunLink, runLinkUri } from '../../src/core/run/runLink';
import { writeDemoRun } from './harness/demoRun';
import { useWorkbench } from './harness/useWorkbench';

describe('links to a sample (vscode:// URIs)', () => {
  const workbench = useWorkbench({
    settings: (home) => ({ 'rolloutStudio.runsRoot': join(home, 'runs') }),
    prepare: (home) => writeDemoRun(join(home, 'runs'), 2),
  });

  it('Copy Link to Sample copies a link that the URI handler opens at the sample and turn', async () => {
    const wb = workbench();
    const { page } = wb;
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    const runsRoot = join(wb.home, 'runs');
    const runDir = join(runsRoot, readdirSync(runsRoot)[0]!);

    // The explorer's sample row copies its link next to its id.
    await page.locator('.activitybar [aria-label^="Rollout Studio"]').first().click();
    const sidebar = page.locator('.part.sidebar');
    const run = sidebar.locator('.monaco-list-row', { hasText: 'tau2 GRPO · Qwen3-4B (demo)' });
    const step = sidebar.getByRole('treeitem', { name: /^Step 1 / });
    await run.waitFor({ timeout: 60_000 });
    await wb.expand(run, step);
    const group = sidebar.locator('.monaco-list-row', { hasText: /task/ }).first();
    await wb.expand(step, group);
    const sample = sidebar.locator('.monaco-list-row', { hasText: '#1 · reward' }).first();
    await wb.expand(group, sample);
    const clipboard = () => page.evaluate(() => navigator.clipboard.readText());
    await page.evaluate(() => navigator.clipboard.writeText(''));
    await fromContextMenu(page, sample, 'Copy Link to Sample', async () => (await clipboard()) !== '');
    const link = await clipboard();
    // What VS Code hands the handler: the query decoded once.
    const uri = new URL(link);
    expect(`${uri.protocol}//${uri.host}`).toBe('code-oss://rollout-studio.rollout-studio');
    const parsed = parseRunLink(uri.pathname, decodeURIComponent(uri.search.slice(1)));
    expect(parsed).toMatchObject({ box: 'local', runDir, turn: null });
    expect(parsed.sample).toMatchObject({ step: 1, evaluation: false, index: 1 });
    expect(link).toBe(runLinkUri('code-oss', 'rollout-studio.rollout-studio', parsed));

    // A person pastes it (here through VS Code's own Open URL, which hands it to the URI handler),
    // asking for turn 3; VS Code asks once whether the extension may open it.
    await wb.openUrl(`${link}&turn=3`);
    const allow = page.locator('.monaco-dialog-box .monaco-button', { hasText: /^Open$/ });
    await allow.waitFor({ timeout: 30_000 });
    await wb.screenshot('run-link-confirm');
    await allow.click();

    const frame = await wb.webviewFrame('rs-trajectory');
    await expect
      .poll(async () => (await frame.locator('.sample-title').textContent())?.trim(), { timeout: 30_000 })
      .toBe(`step-1/group-${parsed.sample!.group}/sample-1`);
    await frame.locator('.outline-item.current[data-turn="3"]').waitFor({ timeout: 15_000 });
    const turn = frame.locator('#turn-3');
    await expect.poll(() => turn.evaluate((el) => el === document.activeElement)).toBe(true);
    await wb.screenshot('run-link-opened');
  });
});
