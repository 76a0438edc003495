import type { SampleEntry } from '../../core/store/sampleIndex';
import type { SameTaskRun, SameTaskRuns } from '../../../webview/protocol';

/** Samples listed per run; the count and mean cover all of them. */
const SHOWN = 8;

/**
 * Where the entry's task appears in other runs: matched by task id and domain when the record names a
 * task, else by the prompt's hash (same system prompt and task text). Reads only the runs' indexes, so a
 * run with many samples costs one pass over its index and no bodies.
 */
export function sameTaskRuns(
  entry: SampleEntry,
  others: readonly { runDir: string; name: string; samples: readonly SampleEntry[] }[],
): SameTaskRuns {
  const by: SameTaskRuns['by'] =
    entry.task !== null
      ? { kind: 'task', task: entry.task, domain: entry.domain }
      : entry.promptHash !== null
        ? { kind: 'prompt', hash: entry.promptHash }
        : null;
  if (by === null) return { by, runs: [] };
  const matches = (e: SampleEntry) =>
    by.kind === 'task' ? e.task === by.task && e.domain === by.domain : e.promptHash === by.hash;
  const runs: SameTaskRun[] = [];
  for (const other of others) {
    const found = other.samples.filter(matches);
    if (found.length === 0) continue;
    const rewards = found.map((e) => e.reward).filter((r): r is number => r !== null);
    runs.push({
      runDir: other.runDir,
      name: other.name,
      samples: found.length,
      rewardMean: rewards.length === 0 ? null : rewards.reduce((a, b) => a + b, 0) / rewards.length,
      shown: found.slice(0, SHOWN).map((e) => ({
        key: { step: e.step, evaluation: e.evaluation, group: e.group, index: e.index },
        reward: e.reward,
      })),
    });
  }
  return { by, runs };
}
