import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDemoRunInViewer, writeDemoRun } from './harness/demoRun';
import { shownLine, useWorkbench } from './harness/useWorkbench';

describe('the token view in a real VS Code', () => {
  const workbench = useWorkbench({
    settings: (home) => ({
      'rolloutStudio.runsRoot': join(home, 'runs'),
      'rolloutStudio.refreshIntervalSeconds': 1,
    }),
    prepare: (home) => {
      writeDemoRun(join(home, 'runs'), 3);
    },
  });

  it("colours a demo sample's response tokens by advantage × loss mask from the step's train dump", async () => {
    const wb = workbench();
    const frame = await openDemoRunInViewer(wb);
    // A sample this step reinforces: its trained tokens are green.
    await frame.getByLabel('Filter expression').fill('advantage > 0');
    await expect
      .poll(
        async () => Number(/(\d+) of 72 samples/.exec(await shownLine(frame.locator('.table-status')))?.[1]),
        {
          timeout: 15_000,
        },
      )
      .toBeLessThan(72);
    await frame.locator('.table-body .row').first().click();
    await frame.getByRole('button', { name: 'Tokens' }).click();
    const tokens = frame.locator('.token-text .tok');
    await tokens.first().waitFor({ timeout: 30_000 });
    const count = await tokens.count();
    expect(count).toBeGreaterThan(50);
    // Trained tokens of a positive-advantage sample are green; tool results and template tokens grey.
    expect(await frame.locator('.token-text .tok[class*="adv-p"]').count()).toBeGreaterThan(10);
    expect(await frame.locator('.token-text .tok.masked').count()).toBeGreaterThan(10);
    // The tooltip is written when a token is first hovered.
    await tokens.nth(3).hover();
    const title = (await tokens.nth(3).getAttribute('title')) ?? '';
    expect(title).toMatch(/^token 3 · id \d+\ntext: ".*"\nadvantage: -?\d\.\d{3}\nloss mask: [01]/);
    expect(await shownLine(frame.locator('.token-head'))).toMatch(
      /response tokens .* joined by sample_index \d+/s,
    );
    await wb.screenshot('tokens-e2e-advantage');
    await frame.getByRole('button', { name: 'Log-prob' }).click();
    await frame.locator('.token-text .tok[class*="lp-"]').first().waitFor({ timeout: 10_000 });
    await wb.screenshot('tokens-e2e-logprob');
  });
});
