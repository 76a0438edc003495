import type { Group, Run, Step } from './run';
import type { TrajectorySample } from './sample';

/**
 * Arranges samples into Run → Step → Group, steps in order (training before eval of the same rollout id),
 * groups and samples in the order they arrived. Step metrics attach to their step.
 */
export function buildRun(
  samples: readonly TrajectorySample[],
  stepMetrics: readonly { step: number; evaluation: boolean; metrics: Record<string, number> }[] = [],
  sources: string[] = [],
): Run {
  const steps = new Map<string, Step & { byKey: Map<string, Group> }>();
  const stepFor = (step: number, evaluation: boolean) => {
    const key = `${evaluation ? 'e' : 't'}${step}`;
    let s = steps.get(key);
    if (s === undefined) {
      s = { step, evaluation, groups: [], byKey: new Map() };
      steps.set(key, s);
    }
    return s;
  };
  for (const sample of samples) {
    const step = stepFor(sample.step, sample.evaluation);
    let group = step.byKey.get(sample.group);
    if (group === undefined) {
      group = { key: sample.group, samples: [] };
      if (sample.taskId !== undefined) group.taskId = sample.taskId;
      step.byKey.set(sample.group, group);
      step.groups.push(group);
    }
    group.samples.push(sample);
  }
  for (const m of stepMetrics) stepFor(m.step, m.evaluation).metrics = m.metrics;
  const ordered = [...steps.values()]
    .sort((a, b) => a.step - b.step || Number(a.evaluation) - Number(b.evaluation))
    .map(({ byKey: _byKey, ...step }) => step);
  return { sources, steps: ordered };
}
