import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { convertSpec } from '../../src/core/pipeline/convertSpec';
import { nextStageSpec, type StageRun } from '../../src/core/pipeline/nextStage';
import { buildPipelines } from '../../src/core/pipeline/pipelineView';
import { SFT_STAGE_SPEC } from '../../src/core/pipeline/stagePresets';
import { RunStateSchema } from '../../src/core/run/runFiles';
import { RunSpecSchema, type RunSpecInput } from '../../src/core/runspec/runSpec';
import { parseProfile } from '../../src/core/toolcall/profile';
import { launchRun, prepareLaunch } from '../../src/remote/launch/launchRun';
import { filterRftRun } from '../../src/remote/pipeline/filterRftRun';
import { listCheckpoints } from '../../src/remote/pipeline/listCheckpoints';
import { lintStageDataset } from '../../src/remote/pipeline/stageDataset';
import { discoverRuns } from '../../src/remote/runDiscovery';
import type { SshConnectionPool } from '../../src/remote/sshConnectionPool';
import type { SshTarget } from '../../src/remote/sshTarget';
import { clientHome, poolFor, ScriptedPrompts, type ClientHome } from './harness/sshBox';
import { Sshd } from './harness/sshd';

// The cookbook's chain on the sshd box, with the stand-ins for train.py, train_async.py and slime's HF
// converter under test/fixtures/box/slime: SFT → HF export → RFT sampling → filter → SFT on the kept
// trajectories → GRPO, each stage started from the one before with its inputs filled.

const WORKDIR = resolve(__dirname, '../fixtures/box/slime');
const TAP = readFileSync(resolve(__dirname, '../../media/tap/rollout_studio_tap.py'), 'utf8');
const SEED = resolve(__dirname, '../fixtures/pipeline/rft-recipe-samples.jsonl');
const profile = parseProfile({});

let sshd: Sshd;
let client: ClientHome;
let pool: SshConnectionPool;
let target: SshTarget;
let root: string;

beforeAll(async () => {
  sshd = await Sshd.start();
  client = await clientHome({ box: { sshd } }, { trust: [sshd] });
  pool = poolFor(client, new ScriptedPrompts());
  target = await pool.target('box');
  root = await mkdtemp(join(tmpdir(), 'rs-pipeline-box-'));
  // The base model's folder: what the converter copies beside the weights.
  await mkdir(join(root, 'base-hf'), { recursive: true });
  await writeFile(join(root, 'base-hf', 'config.json'), '{"architectures": ["Qwen3ForCausalLM"]}\n');
  await writeFile(join(root, 'base-hf', 'tokenizer.json'), '{}\n');
});
afterAll(async () => {
  await target?.close();
  await client?.remove();
  await sshd?.stop();
  await rm(root, { recursive: true, force: true });
});

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

async function runToEnd(spec: ReturnType<typeof onBox>): Promise<StageRun> {
  const prepared = prepareLaunch(spec, '0.0.0-test');
  const launched = await launchRun(target, prepared, spec.tap ? { tapSource: TAP } : {});
  const deadline = Date.now() + 60_000;
  for (;;) {
    const state = await readFile(join(launched.runDir, 'state.json'), 'utf8')
      .then((t) => RunStateSchema.parse(JSON.parse(t)))
      .catch(() => undefined);
    if (state?.state === 'exited') {
      const log = await readFile(join(launched.runDir, 'console.log'), 'utf8');
      expect(state.exitCode, log).toBe(0);
      break;
    }
    if (Date.now() > deadline) throw new Error(`${spec.name} did not finish`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const kind = spec.stage?.kind ?? 'sft';
  return {
    id: launched.runId,
    dir: launched.runDir,
    spec,
    kind,
    ...(spec.stage ? { pipeline: spec.stage.pipeline } : {}),
  };
}

test('SFT → HF export → RFT sampling → filter → SFT on the kept data → GRPO, each from the stage before', async () => {
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

  // SFT again on what was kept, saved beside the first SFT.
  const sft2Next = nextStageSpec(rft, 'sft');
  expect(sft2Next.spec.args?.['--prompt-data']).toBe(filtered.datasetPath);
  const sft2Spec = onBox(sft2Next.spec, {
    '--num-rollout': 2,
    '--save-interval': 1,
    '--rollout-batch-size': 2,
  });
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
  const grpoCkpts = await listCheckpoints(target, join(root, 'ckpt', 'tau2-p1-grpo'));
  expect(grpoCkpts.iterations.map((i) => i.iteration)).toEqual([3]);

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
  ]);
  const [s1, c, r, s2, g] = pipeline?.stages ?? [];
  expect(c?.consumed).toEqual([
    { kind: 'checkpoint', path: join(root, 'ckpt', 'sft1'), iteration: 1, run: s1?.runId },
  ]);
  expect(c?.produced).toEqual([{ kind: 'hf-checkpoint', path: hfDir }]);
  expect(r?.consumed[0]).toMatchObject({ kind: 'hf-checkpoint', path: hfDir, run: s1?.runId });
  expect(r?.produced).toEqual([{ kind: 'dataset', path: filtered.datasetPath }]);
  expect(s2?.consumed).toEqual([{ kind: 'dataset', path: filtered.datasetPath, run: r?.runId }]);
  expect(g?.consumed).toEqual([{ kind: 'checkpoint', path: sft2Save, iteration: 1, run: s2?.runId }]);
  expect(g?.produced).toEqual([{ kind: 'checkpoint', path: join(root, 'ckpt', 'tau2-p1-grpo') }]);
});
