// GRPO's group advantage as slime computes it (slime/ray/rollout.py _post_process_rewards): rewards of one
// group are mean-centred and, unless --disable-grpo-std-normalization, divided by (std + 1e-6) where std is
// torch.Tensor.std's default, the unbiased (n − 1) estimate. A single-sample group has an undefined std in
// torch (nan), so its normalised advantage is NaN there too.
//
// The tau2 recipe's own post-process (reward.py _normalize_rewards) differs: it normalises the shaped reward,
// masks removed samples out of the mean, and uses the population (n) variance. `variant: 'tau2-recipe'`
// reproduces that.

export const GRPO_STD_EPSILON = 1e-6;

export interface GroupAdvantage {
  advantages: number[];
  mean: number;
  std: number;
  /** Every counted reward is equal: the group gives GRPO nothing to learn from (slime's zero_std). */
  zeroStd: boolean;
}

export interface AdvantageOptions {
  stdNormalization?: boolean;
  variant?: 'slime' | 'tau2-recipe';
  /** tau2 recipe: samples with remove_sample set are masked out (advantage 0, not in the mean). */
  removed?: readonly boolean[];
}

export function groupAdvantage(rewards: readonly number[], options: AdvantageOptions = {}): GroupAdvantage {
  const recipe = options.variant === 'tau2-recipe';
  const counted = rewards.map((_, i) => !(recipe && options.removed?.[i] === true));
  const values = rewards.filter((_, i) => counted[i]);
  const n = values.length;
  const mean = recipe ? sum(values) / Math.max(n, 1) : sum(values) / n;
  const squares = sum(values.map((r) => (r - mean) ** 2));
  const std = recipe ? Math.sqrt(squares / Math.max(n, 1)) : Math.sqrt(squares / (n - 1));
  const normalize = options.stdNormalization !== false;
  const advantages = rewards.map((r, i) => {
    if (!counted[i]) return 0;
    const centred = r - mean;
    return normalize ? centred / (std + GRPO_STD_EPSILON) : centred;
  });
  return { advantages, mean, std, zeroStd: n === 0 || values.every((r) => r === values[0]) };
}

function sum(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}
