import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromContextMenu } from './harness/contextMenu';
import { nextStageSpec } from '../../src/core/pipeline/nextStage';
import { SFT_STAGE_SPEC } from '../../src/core/pipeline/stagePresets';
import { COOKBOOK_PASS_AT_K } from '../../src/core/eval/evalSettings';
import { evalStage } from '../../src/core/pipeline/evalStage';
import { RunRecordSchema, RunStateSchema } from '../../src/core/run/runFiles';
import { runKey } from '../../src/core/run/runKey';
import { RunSpecSchema, type RunSpecInput } from '../../src/core/runspec/runSpec';
import { launchRun, prepareLaunch } from '../../src/remote/launch/launchRun';
import { LocalTarget } from '../../src/remote/localTarget';
import { runStandInEvals } from './harness/standInEvals';
import { shownText, useWorkbench } from './harness/useWorkbench';
import { quickInput, quickRow } from './harness/palette';

// A pipeline left on this machine by the stand-ins (test/fixtures/box/slime): an SFT stage that saved
// iterations 0 and 1, an RFT sampling stage started from it, not yet filtered, and an eval of the SFT
// stage's iteration 1, not read yet. The tests read it in the Pipelines view, open the eval's results,
// filter the RFT stage from its menu, use a checkpoint's actions, and start an SFT stage from the view's ＋.

const WORKDIR = resolve(__dirname, '../fixtures/box/slime');
const TAP = readFileSync(resolve(__dirname, '../../media/tap/rollout_studio_tap.py'), 'utf8');
const SEED = resolve(__dirname, '../fixtures/pipeline/rft-recipe-samples.jsonl');
async function runToEnd(box: LocalTarget, input: RunSpecInput, root: string) {
  const spec = RunSpecSchema.parse({
    ...input,
    box: 'local',
    workdir: WORKDIR,
    runsRoot: join(root, 'runs'),
    ray: { mode: 'direct' },
    env: {},
  });
  const launched = await launchRun(
    box,
    prepareLaunch(spec, '0.0.0-test'),
    spec.tap ? { tapSource: TAP } : {},
  );
  for (const deadline = Date.now() + 60_000; ;) {
    const state = await readFile(join(launched.runDir, 'state.json'), 'utf8')
      .then((t) => RunStateSchema.parse(JSON.parse(t)))
      .catch(() => undefined);
    if (state?.state === 'exited') {
      if (state.exitCode !== 0) throw new Error(await readFile(join(launched.runDir, 'console.log'), 'utf8'));
      return { id: launched.runId, dir: launched.runDir, spec };
    }
    if (Date.now() > deadline) throw new Error(`${spec.name} did not finish`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function leavePipeline(home: string): Promise<void> {
  const box = new LocalTarget();
  await mkdir(join(home, 'base-hf'), { recursive: true });
  await writeFile(join(home, 'base-hf', 'config.json'), '{}\n');
  const sft = await runToEnd(
    box,
    {
      ...SFT_STAGE_SPEC,
      name: 'tau2 sft e2e',
      stage: { pipeline: 'tau2-e2e', kind: 'sft', consumed: [] },
      args: {
        ...SFT_STAGE_SPEC.args,
        '--prompt-data': SEED,
        '--hf-checkpoint': join(home, 'base-hf'),
        '--save': join(home, 'ckpt', 'sft1'),
        '--save-interval': 1,
        '--num-rollout': 2,
        '--rollout-batch-size': 2,
      },
    },
    home,
  );
  const from = { ...sft, kind: 'sft' as const, pipeline: 'tau2-e2e' };
  const rft = nextStageSpec(from, 'rft', { iteration: 1 }).spec;
  await runToEnd(
    box,
    { ...rft, args: { ...rft.args, '--rollout-batch-size': 4, '--n-samples-per-prompt': 2 } },
    home,
  );
  // An eval of the SFT stage's iteration 1, as its Evaluate action launches it: a stage of the pipeline.
  // What it wrote is not read yet: the view's Open Eval Results reads it.
  const saver = RunRecordSchema.parse(JSON.parse(await readFile(join(sft.dir, 'run.json'), 'utf8')));
  const checkpoint = {
    box: 'local',
    runKey: runKey('local', sft.dir),
    iteration: 1,
    checkpointDir: join(home, 'ckpt', 'sft1'),
    hfCheckpoint: join(home, 'ckpt', 'sft1_hf', 'iter_0000001'),
  };
  await runStandInEvals(home, WORKDIR, [
    {
      stage: 'SFT1 iter 1',
      settings: COOKBOOK_PASS_AT_K,
      checkpoint,
      pipelineStage: evalStage(saver, checkpoint),
    },
  ]);
}

describe('the Pipelines view and a checkpoint’s actions', () => {
  const workbench = useWorkbench({
    prepare: leavePipeline,
    settings: (home) => ({
      'rolloutStudio.runsRoot': join(home, 'runs'),
      'rolloutStudio.refreshIntervalSeconds': 1,
    }),
  });

  it('shows the stages with what each consumed and produced', async () => {
    const wb = workbench();
    const { page } = wb;
    await page.locator('.activitybar [aria-label^="Rollout Studio"]').first().click();
    // The tree draws only the rows it has room for: give the Pipelines view the side bar's height.
    for (const other of ['Boxes', 'Runs & Rollouts', 'Servers'])
      await page.locator('.pane-header', { hasText: other }).first().click();
    const view = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Pipelines' }) });
    const row = (t: string) => view.locator('.monaco-list-row', { hasText: t }).first();
    await row('tau2-e2e').waitFor({ timeout: 30_000 });
    expect(await shownText(row('tau2-e2e'))).toContain('SFT → RFT sampling');
    await wb.expand(row('1. SFT'), row('iter_0000001'));
    expect(await shownText(row('in: dataset'))).toContain(SEED);
    expect(await shownText(row('out: checkpoint'))).toContain(join(wb.home, 'ckpt', 'sft1'));
    expect(await shownText(row('iter_0000001'))).toMatch(/KB · .* UTC · latest/);
    expect(await shownText(row('iter_0000000'))).not.toContain('latest');
    await wb.expand(row('2. RFT sampling'), row('in: HF checkpoint @ 1'));
    expect(await shownText(row('in: HF checkpoint @ 1'))).toContain(
      join(wb.home, 'ckpt', 'sft1_hf', 'iter_0000001'),
    );
    // Not filtered yet: the row names the file the filter will write and says it has not run.
    expect(await shownText(row('Kept trajectories'))).toContain('rft-kept.jsonl');
    await wb.expand(row('Kept trajectories'), row('not filtered yet'));
    await wb.screenshot('pipeline-view');
  });

  it('an eval of a checkpoint is a stage: what it consumed and produced, its results in the viewer and the table', async () => {
    const wb = workbench();
    const { page } = wb;
    const view = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Pipelines' }) });
    const row = (t: string) => view.locator('.monaco-list-row', { hasText: t }).first();
    expect(await shownText(row('tau2-e2e'))).toContain('SFT → RFT sampling → Eval');
    const stage = row('3. Eval');
    expect(await shownText(stage)).toContain('finished · eval SFT1 iter 1 k4');
    await wb.expand(stage, row('in: settings'));
    expect(await shownText(row('in: checkpoint @ 1'))).toContain(join(wb.home, 'ckpt', 'sft1'));
    expect(await shownText(row('in: HF checkpoint @ 1'))).toContain(
      join(wb.home, 'ckpt', 'sft1_hf', 'iter_0000001'),
    );
    expect(await shownText(row('in: settings'))).toContain(
      'k = 4, temperature 0.8, top-p 1, top-k 20 · user simulator gpt-4.1-mini at temperature 0.7 · airline, retail, telecom; test split',
    );
    expect(await shownText(row('out: eval-results'))).toMatch(
      /eval-sft1-iter-1-k4-[0-9a-f]{6}\/eval-result\.json/,
    );
    await row('not read yet').waitFor();
    // Open Eval Results reads what the eval wrote and shows its 36 attempts (3 tasks of each domain, 4
    // attempts each) in the viewer, pass@k per domain on its Eval tab.
    const viewerTab = page.locator('.tab', { hasText: 'Trajectories · eval SFT1 iter 1 k4' });
    await fromContextMenu(page, stage, 'Open Eval Results in Trajectory Viewer', viewerTab);
    const viewer = await wb.webviewFrame('rs-viewer');
    await viewer.locator('#tab-eval').click();
    const domains = viewer.locator('rs-eval .eval-table tbody tr');
    await expect.poll(() => domains.count(), { timeout: 30_000 }).toBe(3);
    expect((await domains.nth(0).locator('td').allTextContents()).map((t) => t.trim()).slice(0, 3)).toEqual([
      'airline',
      '3',
      '12',
    ]);
    await wb.screenshot('pipeline-eval-in-viewer');
    // The stage now says what it produced: the overall figures, the same the stage table gives.
    const figures = row('overall: pass@1');
    await figures.waitFor({ timeout: 30_000 });
    expect(await shownText(figures)).toContain(
      'overall: pass@1 66.7%, pass@4 66.7%, pass^4 66.7% over 9 tasks',
    );
    await wb.screenshot('pipeline-eval-stage');
    await figures.click();
    const table = await wb.webviewFrame('rs-stage-table table');
    const rows = table.locator('rs-stage-table tbody tr');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(1);
    expect((await rows.locator('th').allTextContents()).map((t) => t.trim())).toEqual(['SFT1 iter 1']);
    await wb.screenshot('pipeline-eval-compared');
  });

  it('Filter Kept Trajectories on the RFT stage keeps the cookbook’s picks and shows them per domain and task', async () => {
    const wb = workbench();
    const { page } = wb;
    const view = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Pipelines' }) });
    const row = (t: string) => view.locator('.monaco-list-row', { hasText: t }).first();
    const toast = page.locator('.notification-toast', { hasText: 'Kept 7 of 16 attempts' });
    await fromContextMenu(page, row('2. RFT sampling'), 'Filter Kept Trajectories', toast);
    // The stand-in's RFT_TABLE, counted by hand in test/box/pipeline.test.ts: airline 2 of 8, retail 5 of 8;
    // the 7 kept recipe chats have 2 assistant turns each, all well-formed calls.
    expect(await shownText(toast)).toContain(
      'Kept 7 of 16 attempts (airline 2 of 8, retail 5 of 8). The kept dataset has 14 assistant turns, 0 with tool-call errors.',
    );
    await wb.expand(row('Kept trajectories'), row('airline: kept'));
    expect(await shownText(row('Kept trajectories'))).toContain('rft-kept.jsonl');
    expect(await shownText(row('airline: kept'))).toContain('airline: kept 2 of 8 attempts');
    expect(await shownText(row('retail: kept'))).toContain('retail: kept 5 of 8 attempts');
    expect(await shownText(row('airline · task 2'))).toContain('kept 0 of 4');
    expect(await shownText(row('retail · task 1'))).toContain('kept 1 of 4');
    await wb.screenshot('rft-filter-kept');
    // The kept dataset opens as the next SFT stage will read it: one chat per line.
    await toast.getByRole('button', { name: 'Open Dataset' }).click();
    const editor = page.locator('.part.editor');
    await expect.poll(async () => shownText(editor), { timeout: 30_000 }).toContain('rft-kept.jsonl');
    await expect.poll(async () => shownText(editor), { timeout: 30_000 }).toContain('"kept_by"');
    await wb.screenshot('rft-filter-dataset');
  });

  it('a checkpoint offers export, a server, the next stage and eval; eval says what is missing', async () => {
    const wb = workbench();
    const { page } = wb;
    const view = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Pipelines' }) });
    const ckpt = view.locator('.monaco-list-row', { hasText: 'iter_0000001' }).first();
    await ckpt.click({ button: 'right' });
    const menu = page.locator('.monaco-menu');
    await menu.waitFor();
    const entries = await shownText(menu);
    for (const action of [
      'Convert to Hugging Face Format',
      'Start SGLang Server on Checkpoint',
      'Start Next Stage…',
      'Evaluate Checkpoint',
    ])
      expect(entries).toContain(action);
    await wb.screenshot('checkpoint-actions');
    await page.keyboard.press('Escape');

    // Evaluate hands the checkpoint to the eval command: with no export yet, the eval asks for the
    // Hugging Face folder and names this save folder at this iteration.
    const hfPrompt = page.locator('.quick-input-widget', { hasText: 'has no Hugging Face export' });
    await fromContextMenu(page, ckpt, 'Evaluate Checkpoint', hfPrompt);
    expect(await shownText(hfPrompt)).toMatch(/at iteration 1 has no Hugging Face export/);
    await wb.screenshot('checkpoint-evaluate-asks-export');
    await page.keyboard.press('Escape');

    // SGLang serves Hugging Face folders: without an export the action says so and offers one.
    const serveToast = page.locator('.notification-toast', { hasText: 'SGLang serves Hugging Face folders' });
    await fromContextMenu(page, ckpt, 'Start SGLang Server on Checkpoint', serveToast);
    await wb.screenshot('checkpoint-serve-needs-export');
    await serveToast.getByRole('button', { name: 'Convert to Hugging Face Format' }).click();
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor();
    const detail = await shownText(dialog);
    expect(detail).toContain(
      `python3 tools/convert_torch_dist_to_hf.py --input-dir ${join(wb.home, 'ckpt', 'sft1', 'iter_0000001')} --output-dir ${join(wb.home, 'ckpt', 'sft1_hf', 'iter_0000001')}`,
    );
    await wb.screenshot('checkpoint-convert-review');
    await dialog.getByRole('button', { name: 'Convert' }).click();
    // The export is a run of its own and joins the pipeline as a stage; its files land beside the save.
    const stage = view.locator('.monaco-list-row', { hasText: '4. HF export' }).first();
    await stage.waitFor({ timeout: 30_000 });
    await expect
      .poll(
        () => existsSync(join(wb.home, 'ckpt', 'sft1_hf', 'iter_0000001', 'model.safetensors.index.json')),
        {
          timeout: 30_000,
        },
      )
      .toBe(true);
    await expect.poll(async () => shownText(stage), { timeout: 30_000 }).toContain('finished');
  });

  it('the next stage from a checkpoint opens the launch wizard with its inputs filled', async () => {
    const wb = workbench();
    const { page } = wb;
    const view = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Pipelines' }) });
    const ckpt = view.locator('.monaco-list-row', { hasText: 'iter_0000001' }).first();
    const kinds = quickRow(page, 'GRPO');
    await fromContextMenu(page, ckpt, 'Start Next Stage…', kinds);
    await kinds.click();
    const wizard = page.locator('.quick-input-widget', { hasText: '→ GRPO' });
    await wizard.waitFor({ timeout: 30_000 });
    const values = await shownText(wizard);
    expect(values).toContain('tau2-e2e-grpo');
    expect(values).toContain(join(wb.home, 'ckpt', 'sft1'));
    await wb.screenshot('next-stage-grpo-wizard');
    await page.keyboard.press('Escape');
  });

  it('Start SFT Stage from the view’s ＋ lints the dataset on the box in the review, per domain and task', async () => {
    const wb = workbench();
    const { page } = wb;
    const input = quickInput(page);
    const title = page.locator('.quick-input-widget .quick-input-title');
    const view = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Pipelines' }) });
    // The test before leaves its wizard open; this one must not answer that one.
    if (await page.locator('.quick-input-widget').isVisible()) await page.keyboard.press('Escape');
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    await view.locator('.pane-header').hover();
    await view.locator('.pane-header .action-label[aria-label^="Start SFT Stage"]').click();
    // This machine is the only box: the wizard opens on it with run_sft.sh's values, and says what it starts.
    await expect
      .poll(async () => shownText(title), { timeout: 30_000 })
      .toContain('Start SFT Stage: tau2-sft-qwen3-4b (from the tau2 cookbook run_sft.sh)');
    await quickRow(page, 'Review launch script').waitFor({ timeout: 30_000 });
    await input.fill('Prompt data');
    await quickRow(page, 'Prompt data').click();
    await input.fill(SEED);
    await page.keyboard.press('Enter');
    await quickRow(page, 'Review launch script').click();
    // The review lists the dataset's lint: counts per domain and task, and the one broken turn as a
    // warning (the fixture's hand counts, see test/fixtures/pipeline/README.md). The list matches on the
    // findings' text, as a person narrowing it would.
    await expect
      .poll(async () => shownText(title), { timeout: 120_000 })
      .toMatch(/^tau2-sft-qwen3-4b: fix \d+ error\(s\) before launching$|^Launch tau2-sft-qwen3-4b on /);
    const finding = async (text: string) => {
      await input.fill(text);
      await quickRow(page, text).waitFor({ timeout: 30_000 });
      return shownText(quickRow(page, text));
    };
    expect(await finding('have tool-call errors that SFT would teach')).toMatch(
      /RS502 --prompt-data.*1 assistant turn\(s\) in .*rft-recipe-samples\.jsonl have tool-call errors/,
    );
    expect(await finding(`${SEED}: total: 16 record(s), 48 assistant turn(s), 1 with errors`)).toContain(
      'RS501',
    );
    await finding(`${SEED}: domain retail: 4 record(s), 12 assistant turn(s), 0 with errors`);
    await finding(`${SEED}: task airline / 7: 4 record(s), 12 assistant turn(s), 1 with errors`);
    // The list is virtual: with every RS50x finding shown, the first rows (the counts) are the ones drawn.
    await input.fill('RS50');
    await quickRow(page, 'RS501').waitFor();
    await wb.screenshot('sft-stage-review');
    await page.keyboard.press('Escape');
  });
});
