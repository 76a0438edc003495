import { readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { freePort } from '../../scripts/lib/codeServer.mjs';
import { hfCandidates } from '../../src/core/eval/hfCheckpoint';
import { COOKBOOK_PASS_AT_K } from '../../src/core/eval/evalSettings';
import { convertSpec } from '../../src/core/pipeline/convertSpec';
import { evalStage } from '../../src/core/pipeline/evalStage';
import { nextStageSpec, type StageRun } from '../../src/core/pipeline/nextStage';
import { buildPipelines } from '../../src/core/pipeline/pipelineView';
import { SFT_STAGE_SPEC } from '../../src/core/pipeline/stagePresets';
import { RunStateSchema } from '../../src/core/run/runFiles';
import { RunSpecSchema, type RunSpecInput } from '../../src/core/runspec/runSpec';
import { parseProfile } from '../../src/core/toolcall/profile';
import { collectEval } from '../../src/remote/eval/collectEval';
import { readyServer, runningServer } from '../../src/remote/eval/evalServer';
import { findHfFolder } from '../../src/remote/eval/hfFolder';
import { launchEval, prepareEval } from '../../src/remote/eval/launchEval';
import { launchRun, prepareLaunch } from '../../src/remote/launch/launchRun';
import { filterRftRun } from '../../src/remote/pipeline/filterRftRun';
import { listCheckpoints } from '../../src/remote/pipeline/listCheckpoints';
import { lintStageDataset } from '../../src/remote/pipeline/stageDataset';
import { discoverRuns } from '../../src/remote/runDiscovery';
import type { SshTarget } from '../../src/remote/sshTarget';
import { useSglangBox } from './harness/sglangBox';
import { tau2Checkout } from './harness/tau2Checkout';

// The cookbook's chain on the sshd box, with the stand-ins for train.py, train_async.py, slime's HF
// converter and the recipe's eval.py under test/fixtures/box/slime and SGLang under
// test/fixtures/box/sglang: SFT → HF export → RFT sampling → filter → SFT on the kept trajectories →
// GRPO → HF export → eval, each stage started from what the one before produced, through the functions
// the commands call (nextStageSpec, convertSpec, lintStageDataset, filterRftRun, hfCandidates and
// findHfFolder, the eval's server rule, evalStage, prepareEval/launchEval, collectEval).

const WORKDIR = resolve(__dirname, '../fixtures/box/slime');
const TAP = readFileSync(resolve(__dirname, '../../media/tap/rollout_studio_tap.py'), 'utf8');
const SEED = resolve(__dirname, '../fixtures/pipeline/rft-recipe-samples.jsonl');
const profile = parseProfile({});

const tau2 = tau2Checkout();
const box = useSglangBox('rs-pipeline-box-', [tau2.src]);
let target: SshTarget;
let root: string;

beforeAll(async () => {
  ({ target, dir: root } = box());
  // The base model's folder: what the converter copies beside the weights.
  await mkdir(join(root, 'base-hf'), { recursive: true });
  await writeFile(join(root, 'base-hf', 'config.json'), '{"architectures": ["Qwen3ForCausalLM"]}\n');
  await writeFile(join(root, 'base-hf', 'tokenizer.json'), '{}\n');
});
afterAll(() => tau2.remove());

/** The stand-ins run without GPUs or Ray: direct mode and small batches; everything else is the stage's. */
const onBox = (spec: RunSpecInput, args: Record<string, string | number | boolean> = {}) =>
  RunSpecSchema.parse({
    ...spec,
    box: 'box',
    workdir: WORKDIR,
    runsRoot: join(root, 'runs'),
    ray: { mode: 'direct' },
    env: {},
    args: { ...spec.args, ...args },
  });

/** Waits until the run in `runDir` exits, and expects it to have succeeded (its console says why not). */
async function exitedOk(runDir: string, name: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const state = await readFile(join(runDir, 'state.json'), 'utf8')
      .then((t) => RunStateSchema.parse(JSON.parse(t)))
      .catch(() => undefined);
    if (state?.state === 'exited') {
      const log = await readFile(join(runDir, 'console.log'), 'utf8');
      expect(state.exitCode, log).toBe(0);
      return;
    }
    if (Date.now() > deadline) throw new Error(`${name} did not finish`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function runToEnd(spec: ReturnType<typeof onBox>): Promise<StageRun> {
  const prepared = prepareLaunch(spec, '0.0.0-test');
  const launched = await launchRun(target, prepared, spec.tap ? { tapSource: TAP } : {});
  await exitedOk(launched.runDir, spec.name);
  const kind = spec.stage?.kind ?? 'sft';
  return {
    id: launched.runId,
    dir: launched.runDir,
    spec,
    kind,
    ...(spec.stage ? { pipeline: spec.stage.pipeline } : {}),
  };
}

test('SFT → RFT sampling → filter → SFT on the kept data → GRPO → eval, each from what the stage before produced', async () => {
  // SFT: linted on the box before launch, per domain and task (the fixture's hand counts, see its README).
  const sftSpec = onBox(
    { ...SFT_STAGE_SPEC, stage: { pipeline: 'tau2-p1', kind: 'sft', consumed: [] } },
    {
      '--prompt-data': SEED,
      '--hf-checkpoint': join(root, 'base-hf'),
      '--save': join(root, 'ckpt', 'sft1'),
      '--save-interval': 1,
      '--num-rollout': 2,
      '--rollout-batch-size': 2,
    },
  );
  const lint = await lintStageDataset(target, sftSpec, profile);
  expect(lint.report.total).toMatchObject({ records: 16, assistantTurns: 48, turnsWithErrors: 1 });
  expect(Object.keys(lint.report.byDomain)).toEqual(['airline', 'retail', 'telecom']);
  expect(lint.report.byTask['airline / 7']).toMatchObject({ records: 4, turnsWithErrors: 1 });

  const sft = await runToEnd(sftSpec);
  expect(sftSpec.entry).toBe('train_async.py');
  const sftConsole = await readFile(join(sft.dir, 'console.log'), 'utf8');
  expect(sftConsole).toContain('sft_rollout::generate_rollout example data');
  const sftCkpts = await listCheckpoints(target, join(root, 'ckpt', 'sft1'));
  // --save-interval 1 over rollouts 0 and 1: two saves, the marker names the last.
  expect(sftCkpts.latest).toBe(1);
  expect(sftCkpts.iterations.map((i) => [i.iteration, i.latest])).toEqual([
    [1, true],
    [0, false],
  ]);
  // Four shard files of 4096 + 4096 + 512 + 256 bytes, plus the folder itself.
  for (const i of sftCkpts.iterations) expect(i.bytes).toBeGreaterThanOrEqual(8960);
  expect(sftCkpts.iterations[0]?.mtimeMs).toBeGreaterThan(Date.now() - 120_000);

  // The export with slime's converter, as a run of its own.
  const convert = await runToEnd(onBox(convertSpec(sft, 1)));
  const hfDir = join(root, 'ckpt', 'sft1_hf', 'iter_0000001');
  expect(await readFile(join(hfDir, 'config.json'), 'utf8')).toContain('Qwen3ForCausalLM');
  expect(await readFile(join(convert.dir, 'console.log'), 'utf8')).toContain(
    `loading model from ${join(root, 'ckpt', 'sft1', 'iter_0000001')}`,
  );

  // RFT sampling from the export: 4 tasks × 2 samples × 2 rollouts through the tap.
  const rftNext = nextStageSpec(sft, 'rft', { iteration: 1 });
  expect(rftNext.spec.args?.['--hf-checkpoint']).toBe(hfDir);
  const rft = await runToEnd(onBox(rftNext.spec, { '--rollout-batch-size': 4, '--n-samples-per-prompt': 2 }));
  const filtered = await filterRftRun(target, rft.dir, profile);
  // By hand from the stand-in's RFT_TABLE: task 0 (airline) succeeds with j = 0 in both rollouts → 2;
  // task 1 (retail) never, partial .7 once → 1; task 2 (airline) partial .5 → 0; task 3 (retail) always → 4.
  expect(filtered.result.domains).toEqual([
    { domain: 'airline', tasks: 2, attempts: 8, successes: 2, kept: 2, tasksKept: 1 },
    { domain: 'retail', tasks: 2, attempts: 8, successes: 4, kept: 5, tasksKept: 2 },
  ]);
  expect(filtered.result.tasks.map((t) => [t.task, t.kept, t.keptBy])).toEqual([
    ['0', 2, 'success'],
    ['2', 0, 'none'],
    ['1', 1, 'partial'],
    ['3', 4, 'success'],
  ]);
  // Each kept recipe chat has 2 assistant turns, both well-formed calls of tools the sample offers.
  expect(filtered.lint.byCode).toEqual({});
  expect(filtered.lint.total).toMatchObject({ records: 7, assistantTurns: 14, turnsWithErrors: 0 });
  const kept = (await readFile(filtered.datasetPath, 'utf8')).trim().split('\n');
  expect(kept).toHaveLength(7);
  expect(JSON.parse(await readFile(filtered.countsPath, 'utf8'))).toMatchObject({ kept: 7, removed: 0 });

  // SFT again on what was kept, saved beside the first SFT, from the base model the first SFT loaded
  // (run_sft.sh rerun with only its data changed), not the preset's; GRPO and its export take it from here.
  const sft2Next = nextStageSpec(rft, 'sft', undefined, sft);
  expect(sft2Next.spec.args?.['--prompt-data']).toBe(filtered.datasetPath);
  expect(sft2Next.spec.args?.['--hf-checkpoint']).toBe(join(root, 'base-hf'));
  expect(sft2Next.spec.args?.['--load']).toBe(sft.spec.args?.['--load']);
  expect(sft2Next.spec.args?.['--num-rollout']).toBe(2);
  const sft2Spec = onBox(sft2Next.spec);
  expect((await lintStageDataset(target, sft2Spec, profile)).report.total.records).toBe(7);
  const sft2 = await runToEnd(sft2Spec);
  const sft2Save = join(root, 'ckpt', 'tau2-p1-sft-rft');
  expect(sft2Spec.args['--save']).toBe(sft2Save);
  expect((await listCheckpoints(target, sft2Save)).latest).toBe(1);

  // GRPO from the RFT checkpoint: slime continues after the loaded iteration (rollouts 2 and 3).
  const grpoNext = nextStageSpec(sft2, 'grpo', { iteration: 1 });
  const grpo = await runToEnd(
    onBox(grpoNext.spec, { '--num-rollout': 4, '--rollout-batch-size': 2, '--n-samples-per-prompt': 2 }),
  );
  const grpoConsole = await readFile(join(grpo.dir, 'console.log'), 'utf8');
  expect(grpoConsole).toContain(`loading checkpoint from ${sft2Save} at iteration 1`);
  expect(grpoConsole).toMatch(/rollout 3: \{'rollout\/raw_reward'/);
  const grpoSave = join(root, 'ckpt', 'tau2-p1-grpo');
  const grpoCkpts = await listCheckpoints(target, grpoSave);
  expect(grpoCkpts.iterations.map((i) => i.iteration)).toEqual([3]);
  // slime's layout (reference/slime.md §6; slime/backends/megatron_utils/checkpoint.py l.122-123 knows a
  // save folder by this marker or an iter_\d{7} name): the marker is Megatron's plain `str(iteration)`.
  expect((await readdir(grpoSave)).sort()).toEqual([
    'iter_0000003',
    'latest_checkpointed_iteration.txt',
    'rollout',
  ]);
  expect(await readFile(join(grpoSave, 'latest_checkpointed_iteration.txt'), 'utf8')).toBe('3');
  expect(await readdir(join(grpoSave, 'rollout'))).toEqual(['global_dataset_state_dict_3.pt']);

  // Eval of GRPO's last checkpoint, as its Evaluate action does it: the Hugging Face folder is the one a
  // converter run of that iteration wrote (found from the runs on the box), the policy server is started
  // on it, then the recipe's eval.py runs with the cookbook's pass@4 settings.
  const grpoHfRun = await runToEnd(onBox(convertSpec(grpo, 3)));
  const grpoHf = join(root, 'ckpt', 'tau2-p1-grpo_hf', 'iter_0000003');
  const runs = (await discoverRuns(target, join(root, 'runs'))).runs.map((run) => run.record);
  const candidates = hfCandidates(grpoSave, 3, runs);
  expect(candidates).toEqual([grpoSave, grpoHf]);
  expect(await findHfFolder(target, candidates)).toBe(grpoHf);
  const serversRoot = join(root, 'servers');
  const policyRequest = { name: 'iter_0000003 (policy)', role: 'policy' as const, modelPath: grpoHf };
  const policy = await readyServer(
    target,
    serversRoot,
    { ...policyRequest, port: await freePort() },
    { toolVersion: '0.0.0-test', timeoutMs: 30_000 },
  );
  expect(policy.started).toBe(true);
  // A second eval of the same checkpoint finds that server instead of loading the checkpoint again.
  expect((await runningServer(target, serversRoot, 'policy', grpoHf))?.dir).toBe(policy.dir);
  const checkpoint = {
    box: 'box',
    runKey: `box:${grpo.dir}`,
    iteration: 3,
    checkpointDir: grpoSave,
    hfCheckpoint: grpoHf,
  };
  // The eval joins the pipeline of the run that saved the checkpoint.
  const grpoRecord = runs.find((r) => r.id === grpo.id);
  if (!grpoRecord) throw new Error('the GRPO run is not on the box');
  const prepared = await prepareEval(target, {
    settings: { ...COOKBOOK_PASS_AT_K, maxTasksPerDomain: 2 },
    place: {
      name: 'eval GRPO k4',
      box: 'box',
      workdir: WORKDIR,
      python: 'python3',
      runsRoot: join(root, 'runs'),
      stage: evalStage(grpoRecord, checkpoint),
    },
    stage: 'GRPO',
    checkpoint,
    policyUrl: `http://127.0.0.1:${policy.port}/generate`,
    toolVersion: '0.0.0-test',
  });
  const evalRun = await launchEval(target, prepared, 'sk-pipeline-test');
  await exitedOk(evalRun.runDir, 'the eval');

  // The stand-in's report has eval.py's shape (THUDM/slime 933ce6e examples/tau-bench/tau2/eval.py:
  // `report` l.343-353, PassKResult l.59-72, AttemptResult l.47-56, `_summarize` l.232-236).
  const report = JSON.parse(await readFile(join(evalRun.runDir, 'eval-report.json'), 'utf8')) as {
    hf_checkpoint: string;
    summary: Record<string, unknown>;
    results: { attempts: Record<string, unknown>[] }[];
  };
  expect(Object.keys(report)).toEqual([
    ...['hf_checkpoint', 'sglang_url', 'task_split', 'domains', 'k', 'metric_note'],
    ...['summary', 'by_domain', 'results'],
  ]);
  expect(Object.keys(report.summary)).toEqual(['total', 'pass_at_1', 'pass_at_4']);
  expect(Object.keys(report.results[0] ?? {})).toEqual([
    ...['domain', 'task_split', 'task_index', 'task_id', 'num_samples', 'best_success', 'best_reward'],
    ...['best_partial_score', 'best_sample_idx', 'attempts', 'pass_at_1', 'pass_at_k'],
  ]);
  expect(Object.keys(report.results[0]?.attempts[0] ?? {})).toEqual([
    ...['success', 'reward', 'partial_score', 'partial_components', 'steps', 'status', 'error'],
    'reward_info',
  ]);
  expect(report.hf_checkpoint).toBe(grpoHf);

  // What the eval measured names the GRPO checkpoint it came from, and the tau2 Results it saved read back
  // without a problem: 3 domains × 2 tasks × 4 attempts, the real run's first task failing every trial
  // and its second passing every one, so 1/2 for pass@1, pass@4 and pass^4 alike.
  const { result, problems } = await collectEval(target, evalRun.runDir);
  expect(problems).toEqual([]);
  expect(result.provenance.checkpoint).toEqual(checkpoint);
  expect(result.provenance).toMatchObject({
    stage: 'GRPO',
    settings: { k: 4, decoding: { temperature: 0.8, topP: 1, topK: 20 }, split: 'test' },
    tau2: { commit: tau2.head },
  });
  expect(result.resultsCommit).toBe(tau2.head);
  expect(result.tasks).toEqual({ airline: 2, retail: 2, telecom: 2 });
  expect(result.trajectories).toBe(24);
  expect(result.overall.passAt1).toBeCloseTo(1 / 2, 12);
  expect(result.overall.passAtK).toBeCloseTo(1 / 2, 12);
  expect(result.overall.passHatK).toBeCloseTo(1 / 2, 12);

  // The pipeline, rediscovered from the runs directory alone.
  const found = await discoverRuns(target, join(root, 'runs'));
  const [pipeline] = buildPipelines(found.runs);
  expect(pipeline?.id).toBe('tau2-p1');
  expect(pipeline?.stages.map((s) => [s.kind, s.state])).toEqual([
    ['sft', 'finished'],
    ['convert', 'finished'],
    ['rft', 'finished'],
    ['sft', 'finished'],
    ['grpo', 'finished'],
    ['convert', 'finished'],
    ['eval', 'finished'],
  ]);
  const [s1, c, r, s2, g, gc, e] = pipeline?.stages ?? [];
  expect(c?.consumed).toEqual([
    { kind: 'checkpoint', path: join(root, 'ckpt', 'sft1'), iteration: 1, run: s1?.runId },
  ]);
  expect(c?.produced).toEqual([{ kind: 'hf-checkpoint', path: hfDir }]);
  expect(r?.consumed[0]).toMatchObject({ kind: 'hf-checkpoint', path: hfDir, run: s1?.runId });
  expect(r?.produced).toEqual([{ kind: 'dataset', path: filtered.datasetPath }]);
  expect(s2?.consumed).toEqual([
    { kind: 'dataset', path: filtered.datasetPath, run: r?.runId },
    { kind: 'hf-checkpoint', path: join(root, 'base-hf'), run: s1?.runId },
    { kind: 'checkpoint', path: sft.spec.args?.['--load'], run: s1?.runId },
  ]);
  expect(g?.consumed).toEqual([{ kind: 'checkpoint', path: sft2Save, iteration: 1, run: s2?.runId }]);
  expect(g?.produced).toEqual([{ kind: 'checkpoint', path: grpoSave }]);
  expect(gc?.runId).toBe(grpoHfRun.id);
  expect(gc?.consumed).toEqual([{ kind: 'checkpoint', path: grpoSave, iteration: 3, run: g?.runId }]);
  expect(gc?.produced).toEqual([{ kind: 'hf-checkpoint', path: grpoHf }]);
  // The eval is the last stage: it consumed the GRPO checkpoint and the export served, produced its results.
  expect(e?.runId).toBe(evalRun.runId);
  expect(e?.consumed).toEqual([
    { kind: 'checkpoint', path: grpoSave, iteration: 3, run: g?.runId },
    { kind: 'hf-checkpoint', path: grpoHf, iteration: 3 },
  ]);
  expect(e?.produced).toEqual([{ kind: 'eval-results', path: join(evalRun.runDir, 'eval-result.json') }]);
  expect(result.provenance.checkpoint.runKey).toBe(`box:${g?.runDir}`);
});
