import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { hfExportDir, iterDirName, iterationOf, parseLatest } from '../../../src/core/pipeline/checkpoints';
import { convertSpec } from '../../../src/core/pipeline/convertSpec';
import { nextKinds, nextStageSpec, type StageRun } from '../../../src/core/pipeline/nextStage';
import { RFT_STAGE_SPEC, SFT_STAGE_SPEC } from '../../../src/core/pipeline/stagePresets';
import { RunRecordSchema } from '../../../src/core/run/runFiles';
import { BUNDLED_FLAGS } from '../../../src/core/runspec/flagTable';
import type { FlagTable } from '../../../src/core/runspec/flagTable';
import { flagsFromHelp } from '../../../src/core/runspec/helpFlags';
import { lintSpec } from '../../../src/core/runspec/lintSpec';
import { RunSpecSchema } from '../../../src/core/runspec/runSpec';
import { prepareLaunch } from '../../../src/remote/launch/launchRun';
import { entryArgv, runRecord } from '../../../src/remote/launch/launchScript';

const HELP = readFileSync(join(__dirname, '../../fixtures/upstream/slime/train-help.txt'), 'utf8');
const help = flagsFromHelp(HELP, 'train.py --help', BUNDLED_FLAGS.openPrefixes) as FlagTable;
const OUT = '/root/slime/examples/tau-bench/outputs/tau2/checkpoints';

const sft: StageRun = {
  id: '20260101-000000-sft',
  dir: '/home/u/.rollout-studio/runs/20260101-000000-sft',
  spec: { ...SFT_STAGE_SPEC, box: 'gpu', runsRoot: '/data/runs' },
  kind: 'sft',
};

describe('stage specs', () => {
  test.each([
    ['sft', SFT_STAGE_SPEC],
    ['rft', RFT_STAGE_SPEC],
  ])("the %s stage's spec checks clean against slime's real --help", (_kind, input) => {
    const findings = lintSpec(RunSpecSchema.parse(input), { helpTable: help });
    expect(findings.filter((f) => f.severity !== 'info')).toEqual([]);
  });

  test("SFT is run_sft.sh's: sft_loss, the SFT rollout function, a chat dataset under the prompt key", () => {
    expect(SFT_STAGE_SPEC.args).toMatchObject({
      '--loss-type': 'sft_loss',
      '--rollout-function-path': 'slime.rollout.sft_rollout.generate_rollout',
      '--input-key': 'prompt',
      '--apply-chat-template': true,
      '--debug-train-only': true,
    });
    expect(SFT_STAGE_SPEC.entry).toBe('train_async.py');
  });

  test('RFT samples without training, at the cookbook temperature, and records every attempt', () => {
    expect(RFT_STAGE_SPEC.args).toMatchObject({
      '--debug-rollout-only': true,
      '--rollout-temperature': 0.8,
      '--n-samples-per-prompt': 4,
    });
    for (const f of ['--save', '--load', '--ref-load', '--num-rollout'])
      expect(RFT_STAGE_SPEC.args).not.toHaveProperty(f);
    expect(RFT_STAGE_SPEC.tap).toBe(true);
  });
});

describe('starting the next stage fills its inputs', () => {
  test('what may follow what', () => {
    expect(nextKinds('sft')).toEqual(['rft', 'grpo']);
    expect(nextKinds('rft')).toEqual(['sft']);
    expect(nextKinds('grpo')).toEqual([]);
    expect(() => nextStageSpec(sft, 'sft')).toThrow('A sft stage cannot follow a sft stage.');
  });

  test('SFT checkpoint → RFT sampling serves its Hugging Face export', () => {
    const { spec, consumed } = nextStageSpec(sft, 'rft', { iteration: 49 });
    const hf = `${OUT}/Qwen3-4B-tau2-sft1_hf/iter_0000049`;
    expect(spec.args?.['--hf-checkpoint']).toBe(hf);
    expect(consumed).toEqual([{ kind: 'hf-checkpoint', path: hf, iteration: 49, run: sft.id }]);
    // The box, runs folder and pipeline carry over; a run outside any pipeline names the new one.
    expect(spec).toMatchObject({ box: 'gpu', runsRoot: '/data/runs', name: `${sft.id}-rft` });
    expect(spec.stage).toEqual({ pipeline: sft.id, kind: 'rft', consumed });
  });

  test('RFT → SFT trains on the kept dataset and saves beside the first SFT', () => {
    const rft: StageRun = { ...nextStageSpecRun('rft'), kind: 'rft', pipeline: 'p1' };
    const { spec, consumed } = nextStageSpec(rft, 'sft');
    expect(spec.args).toMatchObject({
      '--prompt-data': `${rft.dir}/rft-kept.jsonl`,
      '--save': `${OUT}/p1-sft-rft`,
      '--loss-type': 'sft_loss',
    });
    expect(consumed).toEqual([{ kind: 'dataset', path: `${rft.dir}/rft-kept.jsonl`, run: rft.id }]);
  });

  test('RFT → SFT loads the base model the sampled SFT stage loaded, as run_sft.sh reruns with new data', () => {
    const first: StageRun = {
      ...sft,
      pipeline: 'p1',
      spec: {
        ...sft.spec,
        args: {
          ...sft.spec.args,
          '--hf-checkpoint': '/models/My-Qwen3-4B',
          '--load': '/models/My-Qwen3-4B_torch_dist',
          '--save': '/ckpt/mine/sft1',
          '--lr': '2e-6',
        },
      },
    };
    const sampled = nextStageSpec(first, 'rft', { iteration: 49 }).spec;
    const rft: StageRun = {
      id: 'rft-1',
      dir: '/data/runs/rft-1',
      spec: sampled,
      kind: 'rft',
      pipeline: 'p1',
    };
    const { spec, consumed } = nextStageSpec(rft, 'sft', undefined, first);
    expect(spec.args).toMatchObject({
      '--hf-checkpoint': '/models/My-Qwen3-4B',
      '--load': '/models/My-Qwen3-4B_torch_dist',
      // The first SFT's own settings carry over, not the preset's.
      '--lr': '2e-6',
      '--prompt-data': '/data/runs/rft-1/rft-kept.jsonl',
      '--save': '/ckpt/mine/p1-sft-rft',
    });
    expect(spec.args?.['--hf-checkpoint']).not.toBe(SFT_STAGE_SPEC.args?.['--hf-checkpoint']);
    expect(consumed).toEqual([
      { kind: 'dataset', path: '/data/runs/rft-1/rft-kept.jsonl', run: 'rft-1' },
      { kind: 'hf-checkpoint', path: '/models/My-Qwen3-4B', run: sft.id },
      { kind: 'checkpoint', path: '/models/My-Qwen3-4B_torch_dist', run: sft.id },
    ]);
    expect(spec).toMatchObject({ box: 'gpu', name: 'p1-sft', stage: { pipeline: 'p1', kind: 'sft' } });
    // GRPO after it serves that same base (run_grpo.sh's HF_DIR).
    const sft2: StageRun = { id: 'sft-2', dir: '/data/runs/sft-2', spec, kind: 'sft', pipeline: 'p1' };
    expect(nextStageSpec(sft2, 'grpo', { iteration: 1 }).spec.args).toMatchObject({
      '--hf-checkpoint': '/models/My-Qwen3-4B',
      '--load': '/ckpt/mine/p1-sft-rft',
    });
  });

  test('SFT checkpoint → GRPO loads it as policy and reference at that iteration (run_grpo.sh)', () => {
    const base = '/models/My-Qwen3-4B';
    const from = {
      ...sft,
      pipeline: 'p1',
      spec: { ...sft.spec, args: { ...sft.spec.args, '--hf-checkpoint': base } },
    };
    const { spec } = nextStageSpec(from, 'grpo', { iteration: 99 });
    expect(spec.args).toMatchObject({
      // run_grpo.sh serves the same base Hugging Face model (HF_DIR) the SFT stage started from.
      '--hf-checkpoint': base,
      '--load': `${OUT}/Qwen3-4B-tau2-sft1`,
      '--ref-load': `${OUT}/Qwen3-4B-tau2-sft1`,
      '--ckpt-step': 99,
      '--save': `${OUT}/p1-grpo`,
      '--advantage-estimator': 'grpo',
    });
    const findings = lintSpec(RunSpecSchema.parse(spec), { helpTable: help });
    expect(findings.filter((f) => f.severity !== 'info')).toEqual([]);
  });

  test('a checkpoint-fed stage without a checkpoint says which is needed', () => {
    expect(() => nextStageSpec(sft, 'grpo')).toThrow(
      'Pick a checkpoint of tau2-sft-qwen3-4b to start the grpo stage from.',
    );
  });

  test('the stage reaches run.json and is read back', () => {
    const { spec } = nextStageSpec(sft, 'grpo', { iteration: 99 });
    const prepared = prepareLaunch(RunSpecSchema.parse(spec), '0.0.0-test', new Date('2026-01-02T00:00:00Z'));
    const record = RunRecordSchema.parse(runRecord(prepared.input));
    expect(record.stage).toEqual(spec.stage);
    // The script writes run.json from a heredoc; what it writes carries the stage too.
    const written = /<<'RS_RUN_JSON_END'\n([\s\S]*?)\nRS_RUN_JSON_END/.exec(prepared.script)?.[1];
    expect(RunRecordSchema.parse(JSON.parse(written ?? 'null')).stage).toEqual({
      ...spec.stage,
      pipeline: '20260101-000000-sft',
      kind: 'grpo',
    });
  });
});

function nextStageSpecRun(kind: 'rft'): StageRun {
  const { spec } = nextStageSpec(sft, kind, { iteration: 49 });
  return { id: '20260101-010000-rft', dir: '/data/runs/20260101-010000-rft', spec, kind };
}

describe('checkpoints and their export', () => {
  test("iter_%07d folders and the marker, as slime's checkpoint.py reads them", () => {
    expect(iterDirName(19)).toBe('iter_0000019');
    expect(iterationOf('iter_0000019')).toBe(19);
    expect(iterationOf('iter_19')).toBeUndefined();
    expect(iterationOf('rollout')).toBeUndefined();
    expect(parseLatest('39\n', 'x')).toBe(39);
    expect(parseLatest('release', 'x')).toBe('release');
    expect(() => parseLatest('iter_39', '/s/latest_checkpointed_iteration.txt')).toThrow(
      '/s/latest_checkpointed_iteration.txt: expected an iteration number or "release", found "iter_39"',
    );
    expect(hfExportDir('/c/sft1/', 7)).toBe('/c/sft1_hf/iter_0000007');
  });

  test("the export runs slime's converter with the arguments its quick start gives", () => {
    const spec = RunSpecSchema.parse(convertSpec(sft, 49));
    expect(entryArgv(spec)).toEqual([
      'python3',
      'tools/convert_torch_dist_to_hf.py',
      '--input-dir',
      `${OUT}/Qwen3-4B-tau2-sft1/iter_0000049`,
      '--output-dir',
      `${OUT}/Qwen3-4B-tau2-sft1_hf/iter_0000049`,
      '--origin-hf-dir',
      '/root/slime/examples/tau-bench/outputs/models/Qwen3-4B-Instruct-2507',
    ]);
    expect(spec.env.PYTHONPATH).toContain('/root/Megatron-LM');
    expect(spec.stage).toMatchObject({ kind: 'convert', consumed: [{ kind: 'checkpoint', iteration: 49 }] });
  });
});
