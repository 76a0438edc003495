import { isSuccess, passAtK, passHatK } from '../metrics/passK';
import type { SampleColumns } from '../store/sampleColumns';
import type { SampleEntry } from '../store/sampleIndex';
import type { EvalDomain, EvalSummary } from '../../shared/protocol';

/**
 * pass@k and pass^k per domain for one step, from the index alone (success is tau2's: raw reward 1).
 * Eval rollouts are summarised when the run has them; otherwise a training step, whose GRPO group of
 * n samples of one task is n attempts at it.
 */
export function evalSummary(samples: SampleColumns, step?: number): EvalSummary {
  let hasEval = false;
  for (let seq = 0; seq < samples.length && !hasEval; seq++) hasEval = samples.evaluation(seq);
  const stepSet = new Set<number>();
  for (let seq = 0; seq < samples.length; seq++)
    if (samples.evaluation(seq) === hasEval) stepSet.add(samples.step(seq));
  const steps = [...stepSet].sort((a, b) => a - b);
  const chosen = step !== undefined && steps.includes(step) ? step : steps[steps.length - 1];
  const source = hasEval ? 'eval' : 'train';
  if (chosen === undefined) return { source, step: null, steps, domains: [] };
  const byDomain = new Map<string, Map<string, SampleEntry[]>>();
  for (let seq = 0; seq < samples.length; seq++) {
    if (samples.evaluation(seq) !== hasEval || samples.step(seq) !== chosen) continue;
    const s = samples.at(seq)!;
    const domain = s.domain ?? 'unknown';
    const task = s.task ?? `group ${s.group}`;
    let tasks = byDomain.get(domain);
    if (!tasks) byDomain.set(domain, (tasks = new Map()));
    let attempts = tasks.get(task);
    if (!attempts) tasks.set(task, (attempts = []));
    attempts.push(s);
  }
  const domains: EvalDomain[] = [...byDomain]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([domain, tasks]) => {
      const list = [...tasks.values()];
      const rewards = list.flat().flatMap((s) => (s.reward === null ? [] : [s.reward]));
      const maxK = Math.min(...list.map((a) => a.length));
      const passAt: Record<string, number> = {};
      const passHat: Record<string, number> = {};
      for (let k = 1; k <= maxK; k++) {
        const per = list.map((a) => ({ n: a.length, c: a.filter((s) => isSuccess(s.reward)).length }));
        passAt[k] = per.reduce((sum, t) => sum + passAtK(t.n, t.c, k), 0) / per.length;
        passHat[k] = per.reduce((sum, t) => sum + passHatK(t.n, t.c, k), 0) / per.length;
      }
      return {
        domain,
        tasks: list.length,
        attempts: list.reduce((n, a) => n + a.length, 0),
        avgReward: rewards.length === 0 ? null : rewards.reduce((a, b) => a + b, 0) / rewards.length,
        passAtK: passAt,
        passHatK: passHat,
        taskAttempts: [...tasks]
          .sort(([a], [b]) => a.localeCompare(b, undefined, { numeric: true }))
          .map(([task, attempts]) => ({
            task,
            attempts: attempts
              .sort((a, b) => a.index - b.index)
              .map((s) => ({
                key: { step: s.step, evaluation: s.evaluation, group: s.group, index: s.index },
                reward: s.reward,
              })),
          })),
      };
    });
  return { source, step: chosen, steps, domains };
}
