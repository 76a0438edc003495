import type { SampleColumns } from '../store/sampleColumns';
import type { SampleEntry } from '../store/sampleIndex';
import type { SameTaskRun, SameTaskRuns } from '../../shared/protocol';

/** Samples listed per run; the count and mean cover all of them. */
const SHOWN = 8;

/**
 * Where the entry's task appears in other runs: matched by task id and domain when the record names a
 * task, else by the prompt's hash (same system prompt and task text). Reads only the runs' indexes, so a
 * run with many samples costs one pass over its index and no bodies.
 */
export function sameTaskRuns(
  entry: SampleEntry,
  others: readonly { runKey: string; name: string; samples: SampleColumns }[],
): SameTaskRuns {
  const by: SameTaskRuns['by'] =
    entry.task !== null
      ? { kind: 'task', task: entry.task, domain: entry.domain }
      : entry.promptHash !== null
        ? { kind: 'prompt', hash: entry.promptHash }
        : null;
  if (by === null) return { by, runs: [] };
  const runs: SameTaskRun[] = [];
  for (const other of others) {
    const s = other.samples;
    // Compared by string id: a run that never saw the text has no id for it and no match.
    const found: SampleEntry[] = [];
    if (by.kind === 'task') {
      const task = s.strings.find(by.task);
      const domain = by.domain === null ? -1 : s.strings.find(by.domain);
      if (task !== undefined && domain !== undefined) {
        for (let seq = 0; seq < s.length; seq++)
          if (s.taskId(seq) === task && s.domainId(seq) === domain) found.push(s.at(seq)!);
      }
    } else {
      for (let seq = 0; seq < s.length; seq++) if (s.promptHash(seq) === by.hash) found.push(s.at(seq)!);
    }
    if (found.length === 0) continue;
    const rewards = found.map((e) => e.reward).filter((r): r is number => r !== null);
    runs.push({
      runKey: other.runKey,
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
