import type { TrajectorySample } from '../trajectory/sample';
import { isSuccess, passAtK, passHatK } from './passK';

// The numbers tau2's `compute_metrics` reports, over any imported samples: infrastructure_error simulations
// are left out; avg reward is over simulations that have one; pass^k and pass@k are averaged over tasks for
// k = 1 … the smallest number of trials any task has. Success is judged on the raw task reward.

export interface Summary {
  simulations: number;
  tasks: number;
  /** null when no simulation has a reward (a dataset, or only failed runs). */
  avgReward: number | null;
  passHatK: Record<string, number>;
  passAtK: Record<string, number>;
  terminationReasons: Record<string, number>;
  toolCalls: number;
  toolErrors: number;
  /** Left out of every number above, as tau2 does. */
  infrastructureErrors: number;
}

export interface RunSummary extends Summary {
  byDomain: Record<string, Summary>;
}

export const INFRASTRUCTURE_ERROR = 'infrastructure_error';

export function summarize(samples: readonly TrajectorySample[]): RunSummary {
  const byDomain: Record<string, Summary> = {};
  const domains = new Map<string, TrajectorySample[]>();
  for (const s of samples) {
    const d = s.domain ?? 'unknown';
    domains.set(d, [...(domains.get(d) ?? []), s]);
  }
  for (const [domain, list] of [...domains].sort(([a], [b]) => a.localeCompare(b)))
    byDomain[domain] = summary(list);
  return { ...summary(samples), byDomain };
}

function summary(all: readonly TrajectorySample[]): Summary {
  const samples = all.filter((s) => s.terminationReason !== INFRASTRUCTURE_ERROR);
  const rewards = samples.map(rawReward).filter((r): r is number => r !== null);
  const tasks = new Map<string, { n: number; c: number }>();
  for (const s of samples) {
    // Task ids repeat across domains (airline "0", retail "0"), so the domain is part of the key.
    const key = `${s.domain ?? ''}\u0000${s.taskId ?? s.group}`;
    const t = tasks.get(key) ?? { n: 0, c: 0 };
    t.n++;
    if (isSuccess(rawReward(s))) t.c++;
    tasks.set(key, t);
  }
  const maxK = tasks.size === 0 ? 0 : Math.min(...[...tasks.values()].map((t) => t.n));
  const passHat: Record<string, number> = {};
  const passAt: Record<string, number> = {};
  for (let k = 1; k <= maxK; k++) {
    const list = [...tasks.values()];
    passHat[k] = mean(list.map((t) => passHatK(t.n, t.c, k)));
    passAt[k] = mean(list.map((t) => passAtK(t.n, t.c, k)));
  }
  const terminationReasons: Record<string, number> = {};
  for (const s of samples) {
    const reason = s.terminationReason ?? s.status ?? 'unknown';
    terminationReasons[reason] = (terminationReasons[reason] ?? 0) + 1;
  }
  const turns = samples.flatMap((s) => s.turns);
  return {
    simulations: samples.length,
    tasks: tasks.size,
    avgReward: rewards.length === 0 ? null : mean(rewards),
    passHatK: passHat,
    passAtK: passAt,
    terminationReasons,
    toolCalls: turns.reduce((a, t) => a + t.toolCalls.length, 0),
    toolErrors: turns.filter((t) => t.role === 'tool' && t.isError === true).length,
    infrastructureErrors: all.length - samples.length,
  };
}

/** The task reward: shaped rewards (recipe) can exceed 1 and never decide success. */
function rawReward(s: TrajectorySample): number | null {
  return s.reward.raw ?? s.reward.value;
}

function mean(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}
