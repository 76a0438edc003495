/**
 * The trainer's optimizer steps per rollout, to read its `step N` lines as rollouts: slime's
 * --num-steps-per-rollout, else the rollout's samples over --global-batch-size (one when unknown).
 */
export function stepsPerRollout(argv: readonly string[]): number {
  const flag = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? Number(argv[i + 1]) : NaN;
  };
  const given = flag('--num-steps-per-rollout');
  const n = Number.isInteger(flag('--n-samples-per-prompt')) ? flag('--n-samples-per-prompt') : 1;
  const derived = (flag('--rollout-batch-size') * n) / flag('--global-batch-size');
  const steps = Number.isInteger(given) ? given : Math.floor(derived);
  return Number.isInteger(steps) && steps > 0 ? steps : 1;
}
