import * as z from 'zod';
import type { SampleStatus, TrajectorySample } from '../trajectory/sample';
import { toolsFromJson } from '../toolcall/tools';
import type { ToolSpec } from '../toolcall/types';
import { analyzeTurns } from '../trajectory/turnAnalyzer';
import { isRecord, turnsFromMessages } from '../trajectory/turnsFromMessages';
import type { ImportOptions } from './importOptions';
import { ImportProblems } from './importProblems';
import { documentTooDeep } from './jsonLines';
import { addJsonLines } from './jsonPathLines';
import type { ImportResult } from './importResult';
import { readRewardInfo } from './metadataFields';

// tau2-bench results (reference/tau2.md §0-§1): v0.x writes one JSON file with `simulations`; v1 writes
// `results.json` whose `simulation_index` names one file per simulation under `simulations/`. Unknown keys are
// accepted, missing ones read as absent and enums as strings, since branch builds add fields of their own.

const SimulationSchema = z.looseObject({
  id: z.string(),
  task_id: z.union([z.string(), z.number()]).transform(String),
  trial: z.number().int().nullable().optional(),
  termination_reason: z.string().nullable().optional(),
  reward_info: z.unknown().optional(),
  // null at v1 HEAD for full-duplex runs, whose messages live in `ticks`.
  messages: z.array(z.unknown()).nullable().optional(),
});

const ResultsSchema = z.looseObject({
  info: z.record(z.string(), z.unknown()).optional(),
  tasks: z.array(z.unknown()).optional(),
  simulations: z.array(z.unknown()).optional(),
  simulation_index: z
    .array(z.looseObject({ id: z.string() }))
    .nullable()
    .optional(),
});
export type Tau2Results = z.infer<typeof ResultsSchema>;

/** tau2 TerminationReason → sample status: normal stops completed, limits truncated, infrastructure aborted. */
const STATUS_BY_TERMINATION: Record<string, SampleStatus> = {
  user_stop: 'completed',
  agent_stop: 'completed',
  max_steps: 'truncated',
  timeout: 'truncated',
  context_window_exceeded: 'truncated',
  infrastructure_error: 'aborted',
};

export function parseTau2Results(text: string, problems: ImportProblems): Tau2Results | undefined {
  if (documentTooDeep(text, problems)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    problems.report(undefined, '', `not JSON: ${(e as Error).message}`);
    return undefined;
  }
  const parsed = ResultsSchema.safeParse(value);
  if (!parsed.success) {
    problems.skip(undefined, '', parsed.error);
    return undefined;
  }
  return parsed.data;
}

/** Simulations come from the file itself (v0.x, v1 text runs) or from per-simulation files (v1 dir layout). */
export function importTau2Simulations(
  results: Tau2Results,
  simulations: { value: unknown; problems: ImportProblems; path: string }[],
  problems: ImportProblems,
  options: ImportOptions = {},
): ImportResult {
  const domain = domainOf(results.info);
  const tools = agentTools(results.info, problems);
  const samples: TrajectorySample[] = [];
  for (const sim of simulations) {
    const sample = sampleFromSimulation(sim.value, sim.path, sim.problems, domain);
    if (sample === undefined) continue;
    // API agents' calls arrive structured; the engine only reads assistant turns that are plain text.
    if (options.analyzer !== undefined) {
      analyzeTurns(sample.turns, options.analyzer, {
        truncated: sample.status === 'truncated',
        ...(tools !== undefined ? { tools } : {}),
      });
    }
    samples.push(sample);
  }
  const all = [problems, ...new Set(simulations.map((s) => s.problems).filter((p) => p !== problems))];
  const result: ImportResult = {
    format: 'tau2',
    samples,
    steps: [],
    problems: all.flatMap((p) => p.list),
    skipped: all.reduce((a, p) => a + p.skipped, 0),
  };
  if (results.info !== undefined) result.info = results.info;
  return result;
}

/** The single-file layout: everything is in one JSON document. */
export function importTau2ResultsFile(text: string, file: string, options: ImportOptions = {}): ImportResult {
  const problems = new ImportProblems(file);
  const results = parseTau2Results(text, problems);
  if (results === undefined)
    return { format: 'tau2', samples: [], steps: [], problems: problems.list, skipped: 1 };
  const sims = (results.simulations ?? []).map((value, i) => ({
    value,
    problems,
    path: `simulations[${i}]`,
  }));
  const result = importTau2Simulations(results, sims, problems, options);
  addJsonLines(result.problems, text);
  return result;
}

function sampleFromSimulation(
  raw: unknown,
  path: string,
  problems: ImportProblems,
  domain: string | undefined,
): TrajectorySample | undefined {
  const parsed = SimulationSchema.safeParse(raw);
  if (!parsed.success) {
    problems.skip(undefined, path, parsed.error);
    return undefined;
  }
  const sim = parsed.data;
  const report = (p: string, m: string) => problems.report(undefined, p, m);
  const turns = turnsFromMessages(sim.messages ?? [], report, `${path}.messages`);
  const rewardInfo = readRewardInfo(sim.reward_info, problems, undefined, `${path}.reward_info`);
  const reward = rewardInfo?.reward ?? null;
  const termination = sim.termination_reason ?? undefined;
  const { messages: _messages, reward_info: _rewardInfo, ...rest } = sim;
  const sample: TrajectorySample = {
    id: sim.id,
    source: { file: problems.file },
    step: 0,
    // tau2 runs evaluate a fixed policy; nothing is trained on them.
    evaluation: true,
    group: sim.task_id,
    index: sim.trial ?? 0,
    taskId: sim.task_id,
    status: termination === undefined ? null : (STATUS_BY_TERMINATION[termination] ?? 'failed'),
    reward: { value: reward, raw: reward },
    turns,
    metadata: rest,
    lengths: { turns: turns.length, ...completionTokens(sim.messages ?? []) },
  };
  if (domain !== undefined) sample.domain = domain;
  if (sim.trial !== undefined && sim.trial !== null) sample.trial = sim.trial;
  if (termination !== undefined) sample.terminationReason = termination;
  if (rewardInfo !== undefined) sample.rewardInfo = rewardInfo;
  return sample;
}

function completionTokens(messages: unknown[]): { responseTokens?: number } {
  let total = 0;
  let seen = false;
  for (const m of messages) {
    if (!isRecord(m) || m.role !== 'assistant' || !isRecord(m.usage)) continue;
    if (typeof m.usage.completion_tokens === 'number') {
      total += m.usage.completion_tokens;
      seen = true;
    }
  }
  return seen ? { responseTokens: total } : {};
}

/** The agent's tools from `info.environment_info.tool_defs`, when the run recorded them. */
function agentTools(
  info: Record<string, unknown> | undefined,
  problems: ImportProblems,
): ToolSpec[] | undefined {
  const env = info?.environment_info;
  if (!isRecord(env) || env.tool_defs === undefined || env.tool_defs === null) return undefined;
  try {
    return toolsFromJson(env.tool_defs);
  } catch (e) {
    problems.report(
      undefined,
      'info.environment_info.tool_defs',
      `${(e as Error).message} Tools are not checked.`,
    );
    return undefined;
  }
}

function domainOf(info: Record<string, unknown> | undefined): string | undefined {
  const env = info?.environment_info;
  return isRecord(env) && typeof env.domain_name === 'string' ? env.domain_name : undefined;
}
