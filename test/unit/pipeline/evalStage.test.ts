import { describe, expect, test } from 'vitest';
import { COOKBOOK_PASS_AT_K } from '../../../src/core/eval/evalSettings';
import { evalRunSpec } from '../../../src/core/eval/evalRunSpec';
import { evalStage, producerOf } from '../../../src/core/pipeline/evalStage';
import { buildPipelines, type StageRunInfo } from '../../../src/core/pipeline/pipelineView';
import { RunRecordSchema } from '../../../src/core/run/runFiles';
import { prepareLaunch } from '../../../src/remote/launch/launchRun';
import { runRecord } from '../../../src/remote/launch/launchScript';

// An eval of a checkpoint joins the pipeline of the run that saved it: the Evaluate action names that run,
// a folder typed in is matched against what each run produced.

const info = (id: string, createdAt: string, extra: Record<string, unknown>): StageRunInfo => ({
  dir: `/runs/${id}`,
  record: RunRecordSchema.parse({ id, name: id, createdAt, toolVersion: 't', argv: [], ...extra }),
  state: { state: 'exited', startedAt: 'x', exitCode: 0 },
});
const sft = info('sft1', '2026-01-01', {
  stage: { pipeline: 'p1', kind: 'sft', consumed: [] },
  spec: { args: { '--save': '/c/sft1' } },
});
const convert = info('conv', '2026-01-02', {
  stage: { pipeline: 'p1', kind: 'convert', consumed: [] },
  spec: { args: { '--output-dir': '/c/sft1_hf/iter_0000009' } },
});
const loose = info('grpo0', '2026-01-03', {
  argv: ['python3', 'train.py', '--advantage-estimator', 'grpo'],
  spec: { args: { '--save': '/c/grpo0/' } },
});
const runs = [sft, convert, loose];

describe('the run an evaluated checkpoint came from', () => {
  test('an iter_%07d folder of a --save, the --save itself, an export, a run outside any pipeline', () => {
    expect(producerOf(runs, '/c/sft1/iter_0000009/')).toEqual({ run: sft, iteration: 9 });
    expect(producerOf(runs, '/c/sft1')).toEqual({ run: sft });
    expect(producerOf(runs, '/c/sft1_hf/iter_0000009')).toEqual({ run: convert, iteration: 9 });
    expect(producerOf(runs, '/c/grpo0/iter_0000003')).toEqual({ run: loose, iteration: 3 });
    // A folder no run produced, and a name that only looks like a --save's child.
    expect(producerOf(runs, '/models/Qwen3-4B')).toBeUndefined();
    expect(producerOf(runs, '/c/sft1/rollout')).toBeUndefined();
  });

  test("the eval's stage record: the saver's pipeline (or the saver itself), the checkpoint and the folder served", () => {
    const checkpoint = {
      box: 'gpu',
      iteration: 9,
      checkpointDir: '/c/sft1',
      hfCheckpoint: '/c/sft1_hf/iter_0000009',
    };
    expect(evalStage(sft.record, checkpoint)).toEqual({
      pipeline: 'p1',
      kind: 'eval',
      consumed: [
        { kind: 'checkpoint', path: '/c/sft1', iteration: 9, run: 'sft1' },
        { kind: 'hf-checkpoint', path: '/c/sft1_hf/iter_0000009', iteration: 9 },
      ],
    });
    const hf = { box: 'gpu', checkpointDir: '/c/grpo0_hf/', hfCheckpoint: '/c/grpo0_hf' };
    expect(evalStage(loose.record, hf)).toEqual({
      pipeline: 'grpo0',
      kind: 'eval',
      consumed: [{ kind: 'hf-checkpoint', path: '/c/grpo0_hf', run: 'grpo0' }],
    });
  });

  test('the stage reaches run.json, and the eval shows as the pipeline’s last stage with its results file', () => {
    const stage = evalStage(sft.record, {
      box: 'gpu',
      iteration: 9,
      checkpointDir: '/c/sft1',
      hfCheckpoint: '/c/sft1_hf/iter_0000009',
    });
    const spec = evalRunSpec(
      COOKBOOK_PASS_AT_K,
      { name: 'eval sft1', box: 'gpu', workdir: '/root/slime', python: 'python3', stage },
      { hfCheckpoint: '/c/sft1_hf/iter_0000009', policyUrl: 'http://127.0.0.1:30000/generate', output: '/o' },
    );
    const record = RunRecordSchema.parse(runRecord(prepareLaunch(spec, 't', new Date('2026-01-04')).input));
    expect(record.stage).toEqual(stage);
    const evalRun: StageRunInfo = {
      dir: '/runs/eval-1',
      record,
      state: { state: 'running', startedAt: 'x' },
    };
    const [pipeline] = buildPipelines([...runs, evalRun]);
    expect(pipeline?.stages.map((s) => [s.kind, s.state])).toEqual([
      ['sft', 'finished'],
      ['convert', 'finished'],
      ['eval', 'running'],
    ]);
    expect(pipeline?.stages[2]?.produced).toEqual([
      { kind: 'eval-results', path: '/runs/eval-1/eval-result.json' },
    ]);
  });
});
