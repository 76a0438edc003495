import { expect, test } from 'vitest';
import { PRESETS } from '../../../src/core/runspec/presets';
import { RUN_VALUES, findingsFor, typedValueProblem } from '../../../src/vscode/runs/runValues';
import type { RunValue } from '../../../src/vscode/runs/runValues';

const spec = structuredClone(
  PRESETS.find((p) => p.id === 'tau2-qwen3-4b-grpo')?.spec ?? { name: '', workdir: '' },
);
const value = (flag: string) => RUN_VALUES.find((v) => v.flag === flag) as RunValue;

test('a value that breaks a rule alone is refused as it is typed, with slime’s message', () => {
  expect(typedValueProblem(spec, value('--rollout-temperature'), '0', 'A number')).toEqual({
    message: expect.stringContaining('--rollout-temperature must be > 0'),
    refuse: true,
  });
  expect(typedValueProblem(spec, value('--rollout-temperature'), '0.7', 'A number')).toBeUndefined();
  expect(typedValueProblem(spec, value('--rollout-temperature'), 'hot', 'A number')).toEqual({
    message: 'A number',
    refuse: true,
  });
});

test('batch sizes that do not divide: refused on the global batch size, a warning on the others', () => {
  // The preset: 16 prompts × 4 samples = 64 per rollout, global batch 64.
  expect(typedValueProblem(spec, value('--global-batch-size'), '48', 'A number')).toEqual({
    message: expect.stringContaining('must be a multiple of --global-batch-size (48)'),
    refuse: true,
  });
  // Changing the rollout batch first is allowed (the global batch may be edited next), with the warning.
  expect(typedValueProblem(spec, value('--rollout-batch-size'), '15', 'A number')).toEqual({
    message: expect.stringContaining('(15 × 4 = 60 samples per rollout)'),
    refuse: false,
  });
  expect(typedValueProblem(spec, value('--rollout-batch-size'), '32', 'A number')).toBeUndefined();
});

test("the review's findings mark the row they are about", () => {
  const findings = [
    { code: 'RS306', severity: 'error' as const, message: 'no workdir', path: ['workdir'] },
    { code: 'RS308', severity: 'error' as const, message: 'no ref', flag: '--ref-load' },
    { code: 'RS401', severity: 'error' as const, message: 'no GPUs', flag: '--actor-num-gpus-per-node' },
  ];
  const workdir = RUN_VALUES.find((v) => !v.flag) as RunValue;
  expect(findingsFor(workdir, findings).map((f) => f.code)).toEqual(['RS306']);
  expect(findingsFor(value('--ref-load'), findings).map((f) => f.code)).toEqual(['RS308']);
  expect(findingsFor(value('--actor-num-gpus-per-node'), findings).map((f) => f.code)).toEqual(['RS401']);
  expect(findingsFor(value('--prompt-data'), findings)).toEqual([]);
});
