import { headFirst, TAP_RECORD_VERSION } from '../records/tapRecord';
import type { ChatMessage, SampleRecord, StepRecord } from '../records/tapRecord';
import type { StepFacts } from '../importers/importResult';
import { optionalString } from '../importers/metadataFields';
import type { TrajectorySample } from './sample';
import type { Turn } from './turn';

// Any imported run in the tap's record format, so every source can be opened the way a live run is.
// Tap records number groups; string groups (tau2 task ids) get numbers in order of first appearance and keep
// the task id in `taskId`. Calls the tool-call engine read from a turn's text stay in its text, as the tap
// would have written them; only calls the source recorded as data become `toolCalls`.

export function toTapRecords(
  samples: readonly TrajectorySample[],
  steps: readonly StepFacts[] = [],
): (SampleRecord | StepRecord)[] {
  const groupNumbers = new Map<string, number>();
  const groupNumber = (g: string) => {
    if (/^\d+$/.test(g)) return Number(g);
    let n = groupNumbers.get(g);
    if (n === undefined) {
      n = groupNumbers.size;
      groupNumbers.set(g, n);
    }
    return n;
  };
  const records: (SampleRecord | StepRecord)[] = samples.map((s) => sampleRecord(s, groupNumber(s.group)));
  for (const st of steps) {
    const record: StepRecord = {
      kind: 'step',
      v: TAP_RECORD_VERSION,
      ts: 0,
      step: st.step,
      evaluation: st.evaluation,
      metrics: st.metrics,
    };
    // The trained list survives conversion, so an opened file still shows what never reached the trainer.
    if (st.rewards !== undefined) record.rewards = st.rewards;
    if (st.rewardRange !== undefined) record.rewardRange = st.rewardRange;
    records.push(record);
  }
  return records;
}

function sampleRecord(s: TrajectorySample, group: number): SampleRecord {
  const r: SampleRecord = {
    kind: 'sample',
    v: TAP_RECORD_VERSION,
    // Sources other than the tap do not say when a sample finished.
    ts: 0,
    step: s.step,
    evaluation: s.evaluation,
    group,
    index: s.index,
    // A dataset chat or a simulation without a termination reason ran to its end as far as anyone recorded.
    status: s.status ?? 'completed',
    reward: s.reward.value,
    messages: s.turns.map(message),
    metadata: s.metadata,
    id: s.id,
  };
  if (s.reward.raw !== undefined) r.rawReward = s.reward.raw;
  if (s.reward.shaped !== undefined) r.shapedReward = s.reward.shaped;
  if (s.reward.partialScore !== undefined) r.partialScore = s.reward.partialScore;
  if (s.reward.partialComponents !== undefined) r.partialComponents = s.reward.partialComponents;
  if (s.rewardInfo !== undefined) r.metadata = { ...s.metadata, reward_info: s.rewardInfo };
  if (s.tools !== undefined) r.tools = s.tools;
  // The index reads a v2 record's task and domain from these fields only, never from its metadata.
  const taskId =
    s.taskId ?? optionalString(s.metadata['task_id']) ?? optionalString(s.metadata['task_index']);
  const domain = s.domain ?? optionalString(s.metadata['domain']);
  if (taskId !== undefined) r.taskId = taskId;
  if (domain !== undefined) r.domain = domain;
  if (s.trial !== undefined) r.trial = s.trial;
  if (s.terminationReason !== undefined) r.terminationReason = s.terminationReason;
  if (s.removed === true) r.removed = true;
  if (s.sampleIndex !== undefined) r.sampleIndex = s.sampleIndex;
  if (s.trace !== undefined) r.trace = s.trace;
  if (s.turnsFrom !== undefined) r.turnsFrom = s.turnsFrom;
  if (s.lengths.promptTokens !== undefined) r.promptTokens = s.lengths.promptTokens;
  if (s.lengths.responseTokens !== undefined) r.responseTokens = s.lengths.responseTokens;
  if (s.lengths.trainableTokens !== undefined) r.trainableTokens = s.lengths.trainableTokens;
  return headFirst(r);
}

function message(t: Turn): ChatMessage {
  const m: ChatMessage = { role: t.role, content: t.text };
  if (t.trainable !== undefined) m.trainable = t.trainable;
  if (t.analysis === undefined && t.toolCalls.length > 0) m.toolCalls = t.toolCalls;
  if (t.toolCallId !== undefined) m.toolCallId = t.toolCallId;
  if (t.toolName !== undefined) m.toolName = t.toolName;
  if (t.requestor !== undefined) m.requestor = t.requestor;
  if (t.isError !== undefined) m.error = t.isError;
  return m;
}
