import { importTapRecords } from '../importers/tapImporter';
import type { SampleRecord } from '../records/tapRecord';
import { traceSpans } from '../records/traceSpans';
import { creditMap } from '../trajectory/creditMap';
import { profileAnalyzer } from '../trajectory/profileAnalyzer';
import type { Profile } from '../toolcall/types';
import type { TrajectorySample } from '../trajectory/sample';
import type { DiscardReason, GroupFacts, SampleDetail, SampleKey } from '../../shared/protocol';

const numberRecord = (v: unknown): Record<string, number> | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v)
    ? Object.fromEntries(Object.entries(v).filter((e): e is [string, number] => typeof e[1] === 'number'))
    : undefined;

/** A record as a trajectory: its turns with the engine's verdicts under the run's parser profile. */
export function trajectoryOf(record: SampleRecord, profile: Profile): TrajectorySample {
  const imported = importTapRecords(JSON.stringify(record), 'rollouts.jsonl', {
    analyzer: profileAnalyzer(profile),
  });
  const sample = imported.samples[0];
  if (!sample) {
    const why = imported.problems.map((p) => p.message).join('; ');
    throw new Error(`the record could not be read as a trajectory${why ? `: ${why}` : ''}`);
  }
  return sample;
}

/**
 * One sample as the trajectory view needs it: turns with verdicts and diagnostics under the run's
 * parser profile, the tau2 credit map, and the group's reward facts.
 */
export function sampleDetail(
  record: SampleRecord,
  at: { runKey: string; key: SampleKey; bytes: number },
  profile: Profile,
  group: { facts: GroupFacts; advantage: number | null; discarded: DiscardReason | null },
): SampleDetail {
  const sample = trajectoryOf(record, profile);
  // The recipe keeps partial scores in metadata; the tap copies them to the top level when it can.
  const partialScore =
    record.partialScore ??
    (typeof record.metadata.partial_score === 'number' ? record.metadata.partial_score : null);
  return {
    runKey: at.runKey,
    key: at.key,
    sample,
    credit: creditMap(sample.turns, sample.rewardInfo),
    advantage: group.advantage,
    group: group.facts,
    partialScore,
    partialComponents: record.partialComponents ?? numberRecord(record.metadata.partial_components) ?? {},
    bytes: at.bytes,
    discarded: group.discarded,
    trace: traceSpans(record.trace),
  };
}
