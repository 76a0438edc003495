import { toolsFromJson } from '../toolcall/tools';
import type { ToolSpec } from '../toolcall/types';
import { SampleStatusSchema } from '../trajectory/sample';
import type { SampleStatus, TrajectorySample } from '../trajectory/sample';
import type { Turn } from '../trajectory/turn';
import { sampleId } from '../trajectory/sampleId';
import type { GroupPositions } from '../trajectory/sampleId';
import { analyzeTurns } from '../trajectory/turnAnalyzer';
import { turnsFromChatTemplate } from '../trajectory/turnsFromChatTemplate';
import { isRecord, turnsFromMessages } from '../trajectory/turnsFromMessages';
import type { ImportOptions } from './importOptions';
import type { ImportProblems } from './importProblems';
import { optionalString, readRewardInfo, rewardFromMetadata } from './metadataFields';

// A slime Sample as a dict (Sample.to_dict, or the same fields written as JSON): the tau2 recipe's
// samples, tau1 samples, and anything a custom generate function returns (reference/slime.md §3, §4.4).

export interface SlimeSampleContext {
  step: number;
  evaluation: boolean;
  line: number | undefined;
  positions: GroupPositions;
  /** Field path of the sample inside its file, for problem reports. */
  path: string;
}

export function sampleFromSlimeDict(
  raw: Record<string, unknown>,
  ctx: SlimeSampleContext,
  problems: ImportProblems,
  options: ImportOptions,
): TrajectorySample {
  const at = (field: string) => (ctx.path === '' ? field : `${ctx.path}.${field}`);
  const report = (path: string, message: string) => problems.report(ctx.line, path, message);
  const metadata = isRecord(raw.metadata) ? raw.metadata : {};
  if (raw.metadata !== undefined && raw.metadata !== null && !isRecord(raw.metadata)) {
    report(at('metadata'), 'metadata is not an object; read as empty');
  }
  const status = readStatus(raw.status, at('status'), report);
  const turns = readTurns(raw, at, report);
  const tools = readTools(metadata.tools, at('metadata.tools'), report);
  if (options.analyzer !== undefined) {
    const opts: { tools?: ToolSpec[]; truncated?: boolean } = { truncated: status === 'truncated' };
    if (tools !== undefined) opts.tools = tools;
    analyzeTurns(turns, options.analyzer, opts);
  }
  const taskId =
    optionalString(metadata.task_id) ??
    optionalString(isRecord(metadata.task) ? metadata.task.id : undefined);
  const groupIndex = typeof raw.group_index === 'number' ? raw.group_index : undefined;
  // tau1 samples have no group_index (a fresh Sample is built): the task is what their GRPO group shares.
  const group = groupIndex !== undefined ? String(groupIndex) : (taskId ?? optionalString(raw.index) ?? '0');
  const index = ctx.positions.take(ctx.step, ctx.evaluation, group);
  const sample: TrajectorySample = {
    id: sampleId(ctx.step, ctx.evaluation, group, index),
    source: { file: problems.file, ...(ctx.line !== undefined ? { line: ctx.line } : {}) },
    step: ctx.step,
    evaluation: ctx.evaluation,
    group,
    index,
    status,
    reward: rewardFromMetadata(readReward(raw.reward, at('reward'), report), metadata),
    turns,
    metadata,
    lengths: readLengths(raw, turns.length),
  };
  if (taskId !== undefined) sample.taskId = taskId;
  const domain = optionalString(metadata.domain);
  if (domain !== undefined) sample.domain = domain;
  const rewardInfo = readRewardInfo(metadata.reward_info, problems, ctx.line, at('metadata.reward_info'));
  if (rewardInfo !== undefined) sample.rewardInfo = rewardInfo;
  if (Array.isArray(metadata.tools)) sample.tools = metadata.tools;
  if (raw.remove_sample === true) sample.removed = true;
  const termination = optionalString(metadata.termination_reason);
  if (termination !== undefined) sample.terminationReason = termination;
  return sample;
}

function readStatus(raw: unknown, path: string, report: (p: string, m: string) => void): SampleStatus | null {
  // Sample.Status.value is a plain string; tau1 stores plain strings too. Anything else is unknown.
  const value = isRecord(raw) && typeof raw.value === 'string' ? raw.value : raw;
  const found = SampleStatusSchema.options.find((s) => s === value);
  if (found !== undefined) return found;
  if (value !== undefined && value !== null)
    report(path, `unknown status ${JSON.stringify(value)}; read as unknown`);
  return null;
}

function readReward(raw: unknown, path: string, report: (p: string, m: string) => void): number | null {
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : null;
  if (raw === null || raw === undefined) return null;
  // Sample.reward may be a dict selected with --reward-key; without that key the conventional name is used.
  if (isRecord(raw) && typeof raw.reward === 'number') return raw.reward;
  report(path, 'reward is neither a number nor a dict with a numeric "reward"; read as no reward');
  return null;
}

function readTurns(
  raw: Record<string, unknown>,
  at: (f: string) => string,
  report: (p: string, m: string) => void,
): Turn[] {
  const response = typeof raw.response === 'string' ? raw.response : '';
  if (Array.isArray(raw.prompt)) {
    const turns = turnsFromMessages(raw.prompt, report, at('prompt'));
    // The tau2 recipe stores the whole chat in `prompt` and `response` is the assistant texts joined
    // again; a plain chat prompt has no assistant turn and the response follows it.
    if (turns.some((t) => t.role === 'assistant') || response === '') return turns;
    return [...turns, ...responseTurns(response, at('response'), report)];
  }
  const prompt = typeof raw.prompt === 'string' ? raw.prompt : '';
  if (prompt.includes('<|im_start|>')) {
    const full = prompt + response;
    return turnsFromChatTemplate(full, report, at('prompt'));
  }
  const turns: Turn[] = prompt === '' ? [] : [{ role: 'user', text: prompt, toolCalls: [] }];
  return [...turns, ...responseTurns(response, at('response'), report)];
}

/** A multi-turn response is one flat text with the environment's turns rendered in the chat template. */
function responseTurns(response: string, path: string, report: (p: string, m: string) => void): Turn[] {
  if (response === '') return [];
  if (!response.includes('<|im_start|>')) return [{ role: 'assistant', text: response, toolCalls: [] }];
  return turnsFromChatTemplate(`<|im_start|>assistant\n${response}`, report, path);
}

function readTools(
  raw: unknown,
  path: string,
  report: (p: string, m: string) => void,
): ToolSpec[] | undefined {
  if (raw === undefined || raw === null) return undefined;
  try {
    return toolsFromJson(raw);
  } catch (e) {
    report(path, `${(e as Error).message} Tool names and arguments are not checked.`);
    return undefined;
  }
}

function readLengths(raw: Record<string, unknown>, turns: number): TrajectorySample['lengths'] {
  const lengths: TrajectorySample['lengths'] = { turns };
  const responseLength = typeof raw.response_length === 'number' ? raw.response_length : undefined;
  if (responseLength !== undefined) lengths.responseTokens = responseLength;
  if (Array.isArray(raw.tokens) && raw.tokens.length > 0 && responseLength !== undefined) {
    lengths.promptTokens = raw.tokens.length - responseLength;
  }
  if (Array.isArray(raw.loss_mask)) {
    lengths.trainableTokens = raw.loss_mask.reduce<number>((a, b) => a + (b === 1 ? 1 : 0), 0);
  }
  return lengths;
}
