import { describe, expect, it } from 'vitest';
import { importSlimeSamples } from '../../../src/core/importers/slimeSamples';
import { buildRun } from '../../../src/core/trajectory/buildRun';
import { RunSchema } from '../../../src/core/trajectory/run';
import { readFixture } from '../importers/fixtures';

describe('buildRun', () => {
  it('arranges samples into steps and groups, training before eval, and validates against the model', () => {
    const r = importSlimeSamples(readFixture('tau2-recipe-samples.jsonl'), 'recipe.jsonl');
    const evalSample = { ...r.samples[0]!, id: 'e', evaluation: true };
    const run = buildRun(
      [evalSample, ...r.samples],
      [{ step: 0, evaluation: false, metrics: { 'rollout/raw_reward': 0.75 } }],
      ['recipe.jsonl'],
    );
    expect(run.steps.map((s) => [s.step, s.evaluation])).toEqual([
      [0, false],
      [0, true],
    ]);
    expect(run.steps[0]?.groups.map((g) => [g.key, g.taskId, g.samples.length])).toEqual([
      ['0', '7', 2],
      ['1', '7', 2],
      ['2', undefined, 1],
    ]);
    expect(run.steps[0]?.metrics).toEqual({ 'rollout/raw_reward': 0.75 });
    expect(RunSchema.safeParse(run).success).toBe(true);
  });
});
