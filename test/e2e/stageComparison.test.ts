import { mkdirSync, symlinkSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COOKBOOK_PASS_AT_1, COOKBOOK_PASS_AT_K, EVAL_SCRIPT } from '../../src/core/eval/evalSettings';
import type { EvalSettings } from '../../src/core/eval/evalSettings';
import { launchEval, prepareEval } from '../../src/remote/eval/launchEval';
import { LocalTarget } from '../../src/remote/localTarget';
import { shownText, useWorkbench } from './harness/useWorkbench';

// The stage-comparison table in a real VS Code. Six evals of three stages ran on this machine before it
// starts, launched as the extension launches them (the stand-in eval.py against a policy server that
// answers /generate); the GRPO stage's pass@4 used another user simulator, the thread's mix-up. The
// extension reads the finished runs itself when the table opens.

const STANDIN = resolve(__dirname, '../fixtures/box/slime', EVAL_SCRIPT);
const flat = async (locator: { textContent(): Promise<string | null> }) =>
  (await shownText(locator)).replace(/\s+/g, ' ').trim();

async function runEvals(home: string): Promise<void> {
  const workdir = join(home, 'slime');
  mkdirSync(join(workdir, 'examples/tau-bench/tau2'), { recursive: true });
  symlinkSync(STANDIN, join(workdir, EVAL_SCRIPT));
  const policy = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ text: '<tool_call>\n{"name": "done", "arguments": {}}\n', meta_info: {} }));
    });
  });
  await new Promise<void>((r) => policy.listen(0, '127.0.0.1', r));
  const target = new LocalTarget();
  const other = (s: EvalSettings): EvalSettings => ({
    ...s,
    userSimulator: { ...s.userSimulator, model: 'gpt-4.1-2025-04-14' },
  });
  const evals: [string, EvalSettings][] = [
    ['Baseline', COOKBOOK_PASS_AT_1],
    ['Baseline', COOKBOOK_PASS_AT_K],
    ['SFT1', COOKBOOK_PASS_AT_1],
    ['SFT1', COOKBOOK_PASS_AT_K],
    ['GRPO', COOKBOOK_PASS_AT_1],
    ['GRPO', other(COOKBOOK_PASS_AT_K)],
  ];
  try {
    for (const [i, [stage, settings]] of evals.entries()) {
      const prepared = await prepareEval(
        target,
        {
          settings: { ...settings, maxTasksPerDomain: 3 },
          place: {
            name: `eval ${stage} k${settings.k}`,
            box: 'local',
            workdir,
            python: 'python3',
            runsRoot: join(home, 'runs'),
          },
          stage,
          checkpoint: { box: 'local', checkpointDir: `/ckpt/${stage}`, hfCheckpoint: `/ckpt/${stage}/hf` },
          policyUrl: `http://127.0.0.1:${(policy.address() as AddressInfo).port}/generate`,
          toolVersion: '0.0.0-test',
        },
        // Stages evaluated in pipeline order, one second apart.
        new Date(Date.UTC(2026, 0, 1, 0, 0, i)),
      );
      const launched = await launchEval(target, prepared, 'sk-e2e-not-a-real-key');
      const deadline = Date.now() + 60_000;
      for (;;) {
        const text = await readFile(join(launched.runDir, 'state.json'), 'utf8').catch(() => '{}');
        const state = JSON.parse(text) as { state?: string; exitCode?: number | null };
        if (state.state === 'exited' && state.exitCode === 0) break;
        if (state.state === 'exited') throw new Error(`eval ${stage} failed: ${text}`);
        if (Date.now() > deadline) throw new Error(`eval ${stage} did not end`);
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  } finally {
    await new Promise((r) => policy.close(r));
  }
}

describe('Compare Stages', () => {
  const workbench = useWorkbench({
    prepare: runEvals,
    settings: (home) => ({ 'rolloutStudio.runsRoot': join(home, 'runs') }),
  });

  it("puts the stages' evals side by side and marks the cells measured with another user simulator", async () => {
    const wb = workbench();
    const { page } = wb;
    await page.locator('.activitybar [aria-label^="Rollout Studio"]').first().click();
    const sidebar = page.locator('.part.sidebar');
    await sidebar.locator('.monaco-list-row', { hasText: 'eval GRPO' }).first().waitFor({ timeout: 30_000 });
    // The table is a button of the Pipelines view, where the stages are.
    const pipelines = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Pipelines' }) });
    await pipelines.locator('.pane-header').hover();
    await pipelines.locator('.pane-header .action-label[aria-label^="Compare Stages"]').click();
    const frame = await wb.webviewFrame('rs-stage-table table');
    const rows = frame.locator('rs-stage-table tbody tr');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(3);
    expect((await rows.locator('th').allTextContents()).map((t) => t.trim())).toEqual([
      'Baseline',
      'SFT1',
      'GRPO',
    ]);
    const heads = async (row: number) =>
      (await frame.locator(`rs-stage-table thead tr:nth-child(${row}) th`).allTextContents()).map((t) =>
        t.trim(),
      );
    expect(await heads(1)).toEqual(['Stage', 'pass@1', 'pass@4']);
    expect(await heads(2)).toEqual([
      ...['Overall', 'Airline', 'Retail', 'Telecom'],
      ...['Overall', 'Airline', 'Retail', 'Telecom'],
    ]);
    // Baseline evaluated 3 tasks per domain: the real run's first three tasks, two solved in every trial.
    const baseline = rows.nth(0).locator('td');
    expect(await flat(baseline.nth(0))).toBe('66.7%');
    expect(await flat(baseline.nth(4))).toBe('66.7% pass^4 66.7%');
    // GRPO's pass@4 cells are marked; nothing else is.
    const marked = frame.locator('rs-stage-table td.not-comparable');
    expect(await marked.count()).toBe(4);
    expect(await rows.nth(2).locator('td.not-comparable').count()).toBe(4);
    const notes = frame.locator('rs-stage-table .stage-notes li');
    expect(await notes.count()).toBe(4);
    expect(await flat(notes.first())).toMatch(
      /GRPO · pass@4 overall is not comparable: user simulator: gpt-4\.1-2025-04-14 at temperature 0\.7, while 2 other stages have gpt-4\.1-mini at temperature 0\.7/,
    );
    expect(await flat(frame.locator('rs-stage-table .stage-reference').first())).toMatch(
      /pass@1 measured with greedy · gpt-4\.1-mini at temperature 0\.7 · test split · 21e5e57/,
    );
    await wb.screenshot('stage-comparison');
    // The evals are runs: once read, the GRPO pass@4 eval's 36 attempts are in the explorer, and the
    // trajectory viewer gives pass^k and pass@k for k = 1..4 per domain over them.
    const grpo = sidebar
      .locator('.monaco-list-row', { hasText: 'eval GRPO k4' })
      .filter({ hasText: '36 samples' });
    await grpo.waitFor({ timeout: 30_000 });
    await grpo.hover();
    await grpo.locator('.action-label[aria-label^="Open in Trajectory Viewer"]').click();
    const viewer = await wb.webviewFrame('rs-viewer');
    await viewer.locator('#tab-eval').click();
    const domains = viewer.locator('rs-eval .eval-table tbody tr');
    await expect.poll(() => domains.count(), { timeout: 30_000 }).toBe(3);
    expect((await domains.nth(0).locator('td').allTextContents()).map((t) => t.trim())).toEqual([
      'airline',
      '3',
      '12',
      '0.667',
      ...Array<string>(8).fill('67%'),
    ]);
    await wb.screenshot('stage-comparison-eval-in-viewer');
  });
});
