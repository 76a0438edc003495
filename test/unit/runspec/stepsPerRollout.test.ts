import { expect, test } from 'vitest';
import { stepsPerRollout } from '../../../src/core/runspec/stepsPerRollout';

test("the trainer's steps per rollout, as slime's arguments make them", () => {
  expect(stepsPerRollout(['--num-steps-per-rollout', '4', '--rollout-batch-size', '32'])).toBe(4);
  // 32 prompts × 8 samples trained in global batches of 64: four optimizer steps per rollout.
  const argv = ['--rollout-batch-size', '32', '--n-samples-per-prompt', '8', '--global-batch-size', '64'];
  expect(stepsPerRollout(argv)).toBe(4);
  expect(
    stepsPerRollout([
      '--rollout-batch-size',
      '16',
      '--n-samples-per-prompt',
      '4',
      '--global-batch-size',
      '64',
    ]),
  ).toBe(1);
  expect(stepsPerRollout(['--rollout-batch-size', '8'])).toBe(1);
  expect(stepsPerRollout([])).toBe(1);
});
