import { isSuccess } from '../metrics/passK';
import type { TrajectorySample } from '../trajectory/sample';

// The rejection-sampling step of the tau2 cookbook (training_cookbook.md, "Stage 2: Rejection Sampling",
// PR #1156): of the attempts sampled from the SFT checkpoint keep every true success (task reward 1;
// shaped rewards can exceed 1 and never count), and for a task with no success keep its one attempt with
// the highest partial_score when that is at least 0.6. What is kept becomes the next SFT dataset.

export interface RftRule {
  /** A task without a success keeps its best attempt when its partial score reaches this. */
  minPartialScore: number;
}

export const COOKBOOK_RFT_RULE: RftRule = { minPartialScore: 0.6 };

export type KeptBy = 'success' | 'partial';

export interface KeptSample {
  sample: TrajectorySample;
  keptBy: KeptBy;
}

export interface RftTaskCount {
  domain: string;
  task: string;
  attempts: number;
  successes: number;
  kept: number;
  /** Why the task's attempts were kept; 'none' when nothing was. */
  keptBy: KeptBy | 'none';
  /** Highest partial score among the task's attempts, when any has one. */
  bestPartial?: number;
}

export interface RftDomainCount {
  domain: string;
  tasks: number;
  attempts: number;
  successes: number;
  kept: number;
  /** Tasks that gave at least one kept trajectory. */
  tasksKept: number;
}

export interface RftResult {
  kept: KeptSample[];
  tasks: RftTaskCount[];
  domains: RftDomainCount[];
  /** Attempts left out before judging: slime's remove_sample (the repair of a broken call failed). */
  removed: number;
}

/** No domain in the record: tau2 results of one domain and chat samples name none. */
export const UNKNOWN_DOMAIN = '(no domain)';

/** The task's own reward: the raw reward where post-processing shaped it, else the reported one. */
export function taskReward(sample: TrajectorySample): number | null {
  return sample.reward.raw ?? sample.reward.value;
}

export function filterRft(
  samples: readonly TrajectorySample[],
  rule: RftRule = COOKBOOK_RFT_RULE,
): RftResult {
  const byTask = new Map<string, { domain: string; task: string; attempts: TrajectorySample[] }>();
  let removed = 0;
  for (const s of samples) {
    if (s.removed === true) {
      removed++;
      continue;
    }
    const domain = s.domain ?? UNKNOWN_DOMAIN;
    // Without a task id the GRPO group is the task: its samples share one prompt.
    const task = s.taskId ?? `group ${s.group}`;
    const key = JSON.stringify([domain, task]);
    let entry = byTask.get(key);
    if (!entry) byTask.set(key, (entry = { domain, task, attempts: [] }));
    entry.attempts.push(s);
  }
  const kept: KeptSample[] = [];
  const tasks: RftTaskCount[] = [];
  for (const { domain, task, attempts } of byTask.values()) {
    const successes = attempts.filter((s) => isSuccess(taskReward(s)));
    const best = bestPartial(attempts);
    const count: RftTaskCount = {
      domain,
      task,
      attempts: attempts.length,
      successes: successes.length,
      kept: 0,
      keptBy: 'none',
    };
    if (best) count.bestPartial = best.score;
    if (successes.length > 0) {
      for (const sample of successes) kept.push({ sample, keptBy: 'success' });
      count.kept = successes.length;
      count.keptBy = 'success';
    } else if (best && best.score >= rule.minPartialScore) {
      kept.push({ sample: best.sample, keptBy: 'partial' });
      count.kept = 1;
      count.keptBy = 'partial';
    }
    tasks.push(count);
  }
  tasks.sort((a, b) => a.domain.localeCompare(b.domain) || a.task.localeCompare(b.task));
  return { kept, tasks, domains: domainCounts(tasks), removed };
}

function bestPartial(
  attempts: readonly TrajectorySample[],
): { sample: TrajectorySample; score: number } | undefined {
  let best: { sample: TrajectorySample; score: number } | undefined;
  for (const sample of attempts) {
    const score = sample.reward.partialScore;
    // The first of equal scores stays: the order of the attempts decides, not the sort.
    if (typeof score === 'number' && (best === undefined || score > best.score)) best = { sample, score };
  }
  return best;
}

function domainCounts(tasks: readonly RftTaskCount[]): RftDomainCount[] {
  const out = new Map<string, RftDomainCount>();
  for (const t of tasks) {
    let d = out.get(t.domain);
    if (!d)
      out.set(
        t.domain,
        (d = { domain: t.domain, tasks: 0, attempts: 0, successes: 0, kept: 0, tasksKept: 0 }),
      );
    d.tasks++;
    d.attempts += t.attempts;
    d.successes += t.successes;
    d.kept += t.kept;
    if (t.kept > 0) d.tasksKept++;
  }
  return [...out.values()];
}
