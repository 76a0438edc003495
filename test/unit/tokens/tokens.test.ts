import { describe, expect, it } from 'vitest';
import { joinTrainTokens, trainedAdvantageRange } from '../../../src/core/tokens/joinTrainTokens';
import { advantageClass, logProbClass } from '../../../src/shared/tokenColour';
import { stepDumpFiles, trainDumpTemplate } from '../../../src/core/tokens/trainDumpPaths';
import { parseTrainTokens } from '../../../src/core/tokens/trainTokens';
import type { TrainTokenSample, TrainTokensFile } from '../../../src/core/tokens/trainTokens';

const row = (
  sampleIndex: number | null,
  advantages: number[],
  lossMask: number[] | null,
): TrainTokenSample => ({
  rolloutPosition: 0,
  sampleIndex,
  promptLength: 3,
  ids: advantages.map((_, i) => 100 + i),
  lossMask,
  advantages,
});

const file = (samples: TrainTokenSample[], rolloutId: number | null = 4): TrainTokensFile => ({
  kind: 'train-tokens',
  v: 1,
  rolloutId,
  sources: ['train_4_0.pt'],
  tokenizer: { source: null, note: null },
  samples,
  problems: [],
});

describe('joining a run sample to its train-dump row', () => {
  it('matches on slime sample index within the same rollout', () => {
    const f = file([row(7, [0.5], [1]), row(8, [-0.5], [1])]);
    const j = joinTrainTokens({ step: 4, sampleIndex: 8 }, f);
    expect(j).toMatchObject({ ok: true, by: 'sample_index 8' });
    expect(j.ok && j.sample.advantages).toEqual([-0.5]);
  });

  it('refuses, saying why, when the index is missing, repeated, absent or of another rollout', () => {
    const f = file([row(7, [0.5], [1]), row(7, [0.1], [1])]);
    const reason = (j: ReturnType<typeof joinTrainTokens>) => (j.ok ? '' : j.reason);
    expect(reason(joinTrainTokens({ step: 4 }, f))).toMatch(/no slime sample index/);
    expect(reason(joinTrainTokens({ step: 4, sampleIndex: 7 }, f))).toMatch(/2 rows .* sample_index 7/);
    expect(reason(joinTrainTokens({ step: 4, sampleIndex: 9 }, f))).toMatch(/never reached the trainer/);
    expect(reason(joinTrainTokens({ step: 5, sampleIndex: 7 }, f))).toMatch(
      /rollout 4, the sample of step 5/,
    );
    expect(reason(joinTrainTokens({ step: 4, sampleIndex: 7 }, file([row(null, [1], [1])])))).toMatch(
      /carries no sample_index/,
    );
  });

  it('scales colours by the largest trained |advantage| of the step, masked tokens left out', () => {
    const f = file([row(1, [0.2, -3], [1, 0]), row(2, [-0.8, 0.4], [1, 1])]);
    expect(trainedAdvantageRange(f)).toBe(0.8);
  });
});

describe('token colour buckets', () => {
  it('diverge around zero: green levels reinforce, red suppress, masked tokens grey', () => {
    expect(advantageClass(0.8, 1, 0.8)).toBe('adv-p4');
    expect(advantageClass(0.1, 1, 0.8)).toBe('adv-p1');
    expect(advantageClass(-0.45, 1, 0.8)).toBe('adv-n3');
    expect(advantageClass(0, 1, 0.8)).toBe('adv-0');
    expect(advantageClass(-0.8, 0, 0.8)).toBe('masked');
    expect(advantageClass(null, 1, 0.8)).toBe('adv-none');
    expect(advantageClass(0.3, 1, 0)).toBe('adv-0');
  });

  it('shade log-probs from likely to unlikely', () => {
    expect(logProbClass(0, 1)).toBe('lp-0');
    expect(logProbClass(-0.05, 1)).toBe('lp-1');
    expect(logProbClass(-2, 1)).toBe('lp-3');
    expect(logProbClass(-9, 1)).toBe('lp-4');
    expect(logProbClass(-9, 0)).toBe('masked');
    expect(logProbClass(undefined, 1)).toBe('lp-none');
  });
});

describe('where a run saves its train dumps', () => {
  it('reads --save-debug-train-data (last one wins), or --dump-details as slime expands it', () => {
    expect(
      trainDumpTemplate({
        argv: [
          '--save-debug-train-data',
          '/d/a_{rollout_id}.pt',
          '--save-debug-train-data=/d/t_{rollout_id}_{rank}.pt',
        ],
      }),
    ).toEqual({
      ok: true,
      template: '/d/t_{rollout_id}_{rank}.pt',
    });
    expect(trainDumpTemplate({ argv: ['--dump-details', '/x/details/'] })).toEqual({
      ok: true,
      template: '/x/details/train_data/{rollout_id}.pt',
    });
    expect(
      trainDumpTemplate({
        argv: ['--save-debug-train-data', 'dumps/{rollout_id}.pt'],
        workdir: '/root/slime',
      }),
    ).toEqual({
      ok: true,
      template: '/root/slime/dumps/{rollout_id}.pt',
    });
    expect(trainDumpTemplate({ argv: ['--save-debug-train-data', 'dumps/{rollout_id}.pt'] })).toMatchObject({
      ok: false,
    });
    expect(trainDumpTemplate({ argv: [] })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/does not save train data/),
    });
  });

  it('finds every rank file of a step and no other step', () => {
    const files = stepDumpFiles('/d/t.v_{rollout_id}_{rank}.pt', 3);
    if ('reason' in files) throw new Error(files.reason);
    expect(files.dir).toBe('/d');
    expect(
      ['t.v_3_0.pt', 't.v_3_12.pt', 't.v_31_0.pt', 'txv_3_0.pt', 't.v_3_.pt'].filter(files.matches),
    ).toEqual(['t.v_3_0.pt', 't.v_3_12.pt']);
    expect(stepDumpFiles('/d/{rank}/t_{rollout_id}.pt', 1)).toMatchObject({
      reason: expect.stringMatching(/folder/),
    });
  });
});

describe('the converter output', () => {
  it('is checked for per-token lengths, naming the field', () => {
    const bad = { ...file([{ ...row(1, [0.1, 0.2], [1]) }]) };
    expect(() => parseTrainTokens(JSON.stringify(bad), 'x.json')).toThrow(
      'x.json: samples.0.lossMask: 1 values for 2 tokens',
    );
    expect(() => parseTrainTokens('{"kind":"other"}', 'y.json')).toThrow(/^y\.json: kind/);
  });
});
