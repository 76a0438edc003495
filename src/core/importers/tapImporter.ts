import {
  SampleRecordSchema,
  StepRecordSchema,
  TAP_RECORD_VERSION,
  TapStatusRecordSchema,
} from '../records/tapRecord';
import type { SampleRecord } from '../records/tapRecord';
import { Tau2RewardInfoSchema } from '../trajectory/rewardInfo';
import type { TrajectorySample } from '../trajectory/sample';
import { sampleId } from '../trajectory/sampleId';
import { analyzeTurns } from '../trajectory/turnAnalyzer';
import { isRecord, turnsFromMessages } from '../trajectory/turnsFromMessages';
import { toolsFromJson } from '../toolcall/tools';
import type { ImportOptions } from './importOptions';
import { ImportProblems } from './importProblems';
import type { ImportResult, StepFacts } from './importResult';
import { jsonLines } from './jsonLines';
import { optionalString } from './metadataFields';

// The tap's rollouts.jsonl (src/core/records/tapRecord.ts): sample, step and tap-status records. Records of a
// newer format version are skipped with a note rather than guessed at.

export function importTapRecords(text: string, file: string, options: ImportOptions = {}): ImportResult {
  const problems = new ImportProblems(file);
  const samples: TrajectorySample[] = [];
  const steps: StepFacts[] = [];
  let tapStatus: Record<string, unknown> | undefined;
  for (const { line, value: read } of jsonLines(text, problems)) {
    if (!isRecord(read)) {
      problems.report(line, '', 'record is not a JSON object');
      problems.skipped++;
      continue;
    }
    let value = read;
    if (!Object.hasOwn(value, 'v')) {
      // v1 assumes no field order, so it reads any record; the tap itself always writes "v".
      problems.report(line, 'v', 'no format version: read as v1 (the tap writes "v" on every record)');
      value = { ...value, v: 1 };
    }
    if (typeof value.v === 'number' && value.v > TAP_RECORD_VERSION) {
      problems.report(
        line,
        'v',
        `record format v${value.v} is newer than this reader (v${TAP_RECORD_VERSION})`,
      );
      problems.skipped++;
      continue;
    }
    if (value.kind === 'sample') {
      const parsed = SampleRecordSchema.safeParse(value);
      if (!parsed.success) problems.skip(line, '', parsed.error);
      else samples.push(sampleFromRecord(parsed.data, line, problems, options));
    } else if (value.kind === 'step') {
      const parsed = StepRecordSchema.safeParse(value);
      if (!parsed.success) problems.skip(line, '', parsed.error);
      else {
        const { step, evaluation, metrics, rewards, rewardRange } = parsed.data;
        const facts: StepFacts = { step, evaluation, metrics };
        if (rewards !== undefined) facts.rewards = rewards;
        if (rewardRange !== undefined) facts.rewardRange = rewardRange;
        steps.push(facts);
      }
    } else if (value.kind === 'tap') {
      const parsed = TapStatusRecordSchema.safeParse(value);
      if (!parsed.success) problems.skip(line, '', parsed.error);
      else tapStatus = parsed.data;
    } else {
      problems.report(line, 'kind', `unknown record kind ${JSON.stringify(value.kind)}`);
      problems.skipped++;
    }
  }
  const result: ImportResult = {
    format: 'tap',
    samples,
    steps,
    problems: problems.list,
    skipped: problems.skipped,
  };
  if (tapStatus !== undefined) result.info = { tap: tapStatus };
  return result;
}

function sampleFromRecord(
  r: SampleRecord,
  line: number,
  problems: ImportProblems,
  options: ImportOptions,
): TrajectorySample {
  const report = (path: string, message: string) => problems.report(line, path, message);
  const turns = turnsFromMessages(r.messages, report);
  const group = String(r.group);
  const sample: TrajectorySample = {
    id: r.id ?? sampleId(r.step, r.evaluation, group, r.index),
    source: { file: problems.file, line },
    step: r.step,
    evaluation: r.evaluation,
    group,
    index: r.index,
    status: r.status,
    reward: { value: r.reward },
    turns,
    metadata: r.metadata,
    lengths: { turns: turns.length },
  };
  // Without a separate raw reward the reward is the task reward; no reward at all leaves raw unknown.
  if (r.rawReward !== undefined) sample.reward.raw = r.rawReward;
  else if (r.reward !== null) sample.reward.raw = r.reward;
  if (r.shapedReward !== undefined) sample.reward.shaped = r.shapedReward;
  if (r.partialScore !== undefined) sample.reward.partialScore = r.partialScore;
  if (r.partialComponents !== undefined) sample.reward.partialComponents = r.partialComponents;
  if (r.promptTokens !== undefined) sample.lengths.promptTokens = r.promptTokens;
  if (r.responseTokens !== undefined) sample.lengths.responseTokens = r.responseTokens;
  if (r.trainableTokens !== undefined) sample.lengths.trainableTokens = r.trainableTokens;
  if (r.tools !== undefined) sample.tools = r.tools;
  // Records converted from recipe samples may only have these in metadata, where the recipe puts them.
  const taskId = r.taskId ?? optionalString(r.metadata.task_id);
  if (taskId !== undefined) sample.taskId = taskId;
  const domain = r.domain ?? optionalString(r.metadata.domain);
  if (domain !== undefined) sample.domain = domain;
  if (r.trial !== undefined) sample.trial = r.trial;
  if (r.terminationReason !== undefined) sample.terminationReason = r.terminationReason;
  if (r.removed === true) sample.removed = true;
  if (r.sampleIndex !== undefined) sample.sampleIndex = r.sampleIndex;
  if (r.trace !== undefined) sample.trace = r.trace;
  if (r.turnsFrom !== undefined) sample.turnsFrom = r.turnsFrom;
  const info = Tau2RewardInfoSchema.safeParse(r.metadata.reward_info);
  if (r.metadata.reward_info !== undefined && r.metadata.reward_info !== null) {
    if (info.success) sample.rewardInfo = info.data;
    else
      report('metadata.reward_info', `not a tau2 reward_info (${info.error.issues[0]?.message}); left out`);
  }
  if (options.analyzer !== undefined) {
    let tools;
    try {
      tools = r.tools === undefined ? undefined : toolsFromJson(r.tools);
    } catch (e) {
      report('tools', `${(e as Error).message} Tool names and arguments are not checked.`);
    }
    analyzeTurns(turns, options.analyzer, {
      truncated: r.status === 'truncated',
      ...(tools !== undefined ? { tools } : {}),
    });
  }
  return sample;
}
