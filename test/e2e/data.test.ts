import type { ChildProcess } from 'node:child_process';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { streamDemoRun, writeDemoRun } from './harness/demoRun';
import { shownLine, shownText, useWorkbench } from './harness/useWorkbench';
import { quickRow } from './harness/palette';

const DEMO_DIR = 'demo-tau2-grpo-qwen3-4b';
const FINISHED = 'tau2 GRPO · seed 0 (finished)';
describe('declared reward scale, never-trained samples, explorer dots and the same task across runs', () => {
  let replay: ChildProcess | undefined;
  afterAll(() => void replay?.kill());

  const workbench = useWorkbench({
    settings: (home) => ({
      'rolloutStudio.runsRoot': join(home, 'runs'),
      'rolloutStudio.refreshIntervalSeconds': 1,
    }),
    prepare: (home) => {
      // A finished run of the same tasks under another name. Its run.json declares nothing: its scale
      // comes from the tap's step records.
      const runs = join(home, 'runs');
      writeDemoRun(runs, 4);
      const dir = join(runs, 'demo-seed-0');
      renameSync(join(runs, DEMO_DIR), dir);
      const record = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as Record<string, unknown>;
      delete record.rewardRange;
      writeFileSync(join(dir, 'run.json'), JSON.stringify({ ...record, id: 'demo-seed-0', name: FINISHED }));
    },
  });

  it('shows a streaming run with declared-scale dots, never-trained badges and the same task elsewhere', async () => {
    const wb = workbench();
    const { page } = wb;
    await page.locator('.activitybar [aria-label^="Rollout Studio"]').first().click();
    const sidebar = page.locator('.part.sidebar');
    await sidebar.locator('.monaco-list-row', { hasText: FINISHED }).waitFor({ timeout: 60_000 });
    // The streaming run: the demo written record by record through the tap, as a live run is.
    replay = streamDemoRun(join(wb.home, 'runs'), 4, 200);
    const run = sidebar.locator('.monaco-list-row', { hasText: 'tau2 GRPO · Qwen3-4B (demo)' });
    await run.waitFor({ timeout: 30_000 });
    const step0 = sidebar.getByRole('treeitem', { name: /^Step 0 / }).first();
    await wb.expand(run, step0);
    const group = sidebar.locator('.monaco-list-row', { hasText: 'retail · task 12' }).first();
    await wb.expand(step0, group);
    const sample = sidebar.locator('.monaco-list-row', { hasText: '#0 · reward' }).first();
    await wb.expand(group, sample);
    // Sample nodes carry a reward-coloured dot; the group shows its samples' rewards as dots.
    await expect
      .poll(() => sidebar.locator('.monaco-list-row .codicon-circle-filled').count())
      .toBeGreaterThan(0);
    expect(await shownText(group)).toMatch(/[○◔◑◕●·]{1,4} \d/);
    await wb.screenshot('data-explorer-dots-streaming');

    await wb.runCommand('Rollout Studio: Open in Trajectory Viewer');
    await quickRow(page, 'Qwen3-4B (demo)').click();
    const frame = await wb.webviewFrame('rs-viewer');
    const status = frame.locator('.table-status');
    await expect.poll(() => shownLine(status), { timeout: 30_000 }).toContain('reward dots: declared [0, 1]');
    await wb.screenshot('data-viewer-declared-scale-streaming');
    // Step 2 over-samples: once the run has written it, one group never reached the trainer.
    await expect.poll(() => shownLine(status), { timeout: 90_000 }).toContain('96 of 96 samples');
    await frame.getByLabel('Filter expression').fill('discarded == never-trained');
    await expect.poll(() => shownLine(status), { timeout: 15_000 }).toContain('4 of 96 samples');
    expect(await frame.locator('.table-body .discard-badge.never-trained').count()).toBe(4);
    await frame.locator('.table-body .row').first().click();
    await expect
      .poll(() => frame.locator('.note.warn', { hasText: 'list of trained samples leaves it out' }).count(), {
        timeout: 15_000,
      })
      .toBe(1);
    const same = frame.locator('rs-same-task');
    await expect.poll(() => shownLine(same), { timeout: 15_000 }).toContain(FINISHED);
    expect(await shownLine(same)).toMatch(/Same task in other runs · task .+ \((airline|retail|telecom)\)/);
    expect(await shownLine(same)).toMatch(/\d+ samples · mean reward \d\.\d{3}/);
    await wb.screenshot('data-viewer-never-trained-same-task');

    // One click opens that sample in the other run.
    const pill = same.locator('.reward-pill').first();
    const target = (await pill.getAttribute('title')) ?? '';
    const [, kind, step, groupNo, index] = /Open (step|eval) (\d+), group (\d+), #(\d+)/.exec(target) ?? [];
    await pill.click();
    await expect
      .poll(async () =>
        frame
          .locator('.run-picker select')
          .evaluate((s: HTMLSelectElement) => s.selectedOptions[0]?.text ?? ''),
      )
      .toContain(FINISHED);
    // What the viewer holds, for a failure message that says why the sample is not shown.
    const viewerState = () =>
      frame.locator('rs-viewer').evaluate((v) => {
        const app = v as unknown as { ui: unknown; detail: { state: string; message?: string } };
        return JSON.stringify({ ui: app.ui, detail: app.detail.state, message: app.detail.message });
      });
    const title = async () => (await frame.locator('.sample-title').allTextContents()).join(' ');
    await expect
      .poll(async () => `${await title()} ${await viewerState()}`, { timeout: 15_000 })
      .toContain(`${kind === 'eval' ? 'eval' : 'step'}-${step}/group-${groupNo}/sample-${index} `);
    await wb.screenshot('data-viewer-other-run');
    // The finished run declares its range only through the tap's step records.
    await frame.getByLabel('Filter expression').fill('');
    await expect.poll(() => shownLine(status), { timeout: 15_000 }).toContain('reward dots: declared [0, 1]');

    await frame.locator('#tab-overview').click();
    const discarded = frame.locator('.chart', { hasText: 'Discarded rollouts' });
    await expect
      .poll(() => shownLine(discarded.locator('.u-legend')), { timeout: 15_000 })
      .toContain('never trained');
    await discarded.scrollIntoViewIfNeeded();
    await wb.screenshot('data-overview-discarded');
  });
});
