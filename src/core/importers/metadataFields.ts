import { Tau2RewardInfoSchema } from '../trajectory/rewardInfo';
import type { Tau2RewardInfo } from '../trajectory/rewardInfo';
import type { SampleReward } from '../trajectory/sample';
import { isRecord } from '../trajectory/turnsFromMessages';
import type { ImportProblems } from './importProblems';

// The fields the tau2 slime recipe puts in Sample.metadata (rollout.py, reward.py of PR #1156), read
// leniently: a missing field is absent, a malformed one is reported and left out.

export function readRewardInfo(
  raw: unknown,
  problems: ImportProblems,
  line: number | undefined,
  path: string,
): Tau2RewardInfo | undefined {
  if (raw === undefined || raw === null) return undefined;
  let value: unknown = raw;
  // The tau2 gym hands reward_info over as a JSON string (gym_agent.py); the recipe usually decodes it.
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw) as unknown;
    } catch {
      problems.report(line, path, 'reward_info is a string that is not JSON; left out');
      return undefined;
    }
  }
  const parsed = Tau2RewardInfoSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) {
    problems.report(line, `${path}.${issue.path.join('.')}`, `${issue.message}; reward_info left out`);
  }
  return undefined;
}

export function numberRecord(raw: unknown): Record<string, number> | undefined {
  if (!isRecord(raw)) return undefined;
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(raw)) if (typeof v === 'number' && Number.isFinite(v)) out[k] = v;
  return out;
}

export function finiteOrNull(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** Raw, shaped and partial rewards from the recipe's metadata, around the sample's own reward value. */
export function rewardFromMetadata(value: number | null, metadata: Record<string, unknown>): SampleReward {
  const reward: SampleReward = { value };
  reward.raw = 'raw_reward' in metadata ? finiteOrNull(metadata.raw_reward) : value;
  if ('shaped_reward' in metadata) reward.shaped = finiteOrNull(metadata.shaped_reward);
  if ('partial_score' in metadata) reward.partialScore = finiteOrNull(metadata.partial_score);
  const components = numberRecord(metadata.partial_components);
  if (components !== undefined) reward.partialComponents = components;
  return reward;
}

export function optionalString(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  return typeof v === 'number' ? String(v) : undefined;
}
