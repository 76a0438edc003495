import * as z from 'zod';
import { isSuccess, passAtK, passHatK } from '../metrics/passK';
import type { TrajectorySample } from '../trajectory/sample';
import { EvalProvenanceSchema } from './evalProvenance';
import type { EvalProvenance } from './evalProvenance';

// What one eval gave, with what it was run with: pass@1, pass@k and pass^k per domain and overall
// (reference/tau2.md §4: per task of n attempts with c successes, pass@k = 1 − C(n−c,k)/C(n,k) and
// pass^k = C(c,k)/C(n,k), averaged over tasks; overall averages over every task, as eval.py's summary
// does). With n = k, pass@k is eval.py's "any success among k"; pass@1 is the mean success rate c/n,
// which for one greedy attempt is eval.py's pass@1.

const MetricsSchema = z.object({
  domain: z.string(),
  tasks: z.number().int(),
  attempts: z.number().int(),
  passAt1: z.number().nullable(),
  passAtK: z.number().nullable(),
  passHatK: z.number().nullable(),
});
export type DomainMetrics = z.infer<typeof MetricsSchema>;

export const EvalResultSchema = z.looseObject({
  v: z.literal(1),
  /** The eval run's directory on its box. */
  runDir: z.string(),
  provenance: EvalProvenanceSchema,
  /** Tasks evaluated per domain: what the eval really covered, whatever the settings asked. */
  tasks: z.record(z.string(), z.number().int()),
  domains: z.array(MetricsSchema),
  overall: MetricsSchema,
  /** Attempts whose conversation was read (from tau2 Results files); the report alone has none. */
  trajectories: z.number().int(),
  /** The tau2 commit the Results files themselves name (info.git_commit), where any were read. */
  resultsCommit: z.string().nullable().optional(),
  readAt: z.string(),
});
export type EvalResult = z.infer<typeof EvalResultSchema>;

export const OVERALL = 'overall';

/**
 * The attempts to count, one list per domain: a domain's tau2 Results (which carry the conversations)
 * when the eval saved them, else its attempts from eval.py's report.
 */
export function chooseAttempts(
  fromReport: readonly TrajectorySample[],
  fromTau2: readonly TrajectorySample[],
): TrajectorySample[] {
  const tau2Domains = new Set(fromTau2.map((s) => s.domain));
  return [...fromTau2, ...fromReport.filter((s) => !tau2Domains.has(s.domain))];
}

export function evalResult(
  runDir: string,
  provenance: EvalProvenance,
  samples: readonly TrajectorySample[],
  resultsCommit: string | null,
  now = new Date(),
): EvalResult {
  const k = provenance.settings.k;
  const byDomain = new Map<string, Map<string, TrajectorySample[]>>();
  for (const s of samples) {
    const domain = s.domain ?? 'unknown';
    const task = s.taskId ?? s.group;
    let tasks = byDomain.get(domain);
    if (!tasks) byDomain.set(domain, (tasks = new Map()));
    let list = tasks.get(task);
    if (!list) tasks.set(task, (list = []));
    list.push(s);
  }
  const domains = [...byDomain]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([domain, tasks]) => metrics(domain, [...tasks.values()], k));
  const allTasks = [...byDomain.values()].flatMap((t) => [...t.values()]);
  return {
    v: 1,
    runDir,
    provenance,
    tasks: Object.fromEntries(domains.map((d) => [d.domain, d.tasks])),
    domains,
    overall: metrics(OVERALL, allTasks, k),
    trajectories: samples.filter((s) => s.turns.length > 0).length,
    resultsCommit,
    readAt: now.toISOString(),
  };
}

function metrics(domain: string, tasks: TrajectorySample[][], k: number): DomainMetrics {
  const per = tasks.map((a) => ({
    n: a.length,
    c: a.filter((s) => isSuccess(s.reward.raw ?? s.reward.value)).length,
  }));
  const mean = (f: (t: { n: number; c: number }) => number) =>
    per.length === 0 ? null : per.reduce((sum, t) => sum + f(t), 0) / per.length;
  // A task with fewer than k attempts (an eval stopped early) has no pass@k estimate; neither does the mean.
  const enough = per.every((t) => t.n >= k);
  return {
    domain,
    tasks: per.length,
    attempts: per.reduce((n, t) => n + t.n, 0),
    passAt1: mean((t) => passAtK(t.n, t.c, 1)),
    passAtK: enough ? mean((t) => passAtK(t.n, t.c, k)) : null,
    passHatK: enough ? mean((t) => passHatK(t.n, t.c, k)) : null,
  };
}
