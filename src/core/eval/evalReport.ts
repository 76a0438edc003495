import * as z from 'zod';
import { ImportProblems } from '../importers/importProblems';
import { numberRecord, readRewardInfo } from '../importers/metadataFields';
import type { SampleStatus, TrajectorySample } from '../trajectory/sample';

// The report the recipe's eval.py writes with --output (PR #1156, eval.py `report`): per task its k
// attempts with success, reward, partial score, status and reward_info. It holds no transcripts, so
// the samples read from it have no turns; tau2 Results files, where the eval saved them, give those.

const AttemptSchema = z.looseObject({
  success: z.boolean(),
  reward: z.number(),
  partial_score: z.number().nullable().optional(),
  partial_components: z.record(z.string(), z.unknown()).nullable().optional(),
  steps: z.number().int().optional(),
  status: z.string(),
  error: z.string().nullable().optional(),
  reward_info: z.unknown().optional(),
});

const TaskResultSchema = z.looseObject({
  domain: z.string(),
  task_split: z.string().optional(),
  task_index: z.number().int().optional(),
  task_id: z.union([z.string(), z.number()]).transform(String),
  attempts: z.array(z.unknown()),
});

const ReportSchema = z.looseObject({
  hf_checkpoint: z.string().optional(),
  task_split: z.string().optional(),
  domains: z.array(z.string()).optional(),
  k: z.number().int().optional(),
  results: z.array(z.unknown()),
});
export type EvalReport = z.infer<typeof ReportSchema>;

/** eval.py's attempt status → sample status: a failed parse repair and an empty generation both failed. */
const STATUS: Record<string, SampleStatus> = {
  completed: 'completed',
  truncated: 'truncated',
  aborted: 'aborted',
  parse_error: 'failed',
  empty_generation: 'failed',
};

export interface ReadReport {
  report: EvalReport | undefined;
  samples: TrajectorySample[];
  problems: ImportProblems;
}

/** One sample per attempt, keyed domain/task so that equal task ids of two domains stay apart. */
export function readEvalReport(text: string, file: string): ReadReport {
  const problems = new ImportProblems(file);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    problems.report(undefined, '', `not JSON: ${(e as Error).message}`);
    return { report: undefined, samples: [], problems };
  }
  const parsed = ReportSchema.safeParse(value);
  if (!parsed.success) {
    problems.skip(undefined, '', parsed.error);
    return { report: undefined, samples: [], problems };
  }
  const samples: TrajectorySample[] = [];
  parsed.data.results.forEach((raw, i) => {
    const path = `results[${i}]`;
    const task = TaskResultSchema.safeParse(raw);
    if (!task.success) return problems.skip(undefined, path, task.error);
    const { domain, task_id: taskId } = task.data;
    task.data.attempts.forEach((rawAttempt, j) => {
      const at = `${path}.attempts[${j}]`;
      const attempt = AttemptSchema.safeParse(rawAttempt);
      if (!attempt.success) return problems.skip(undefined, at, attempt.error);
      samples.push(sampleOf(domain, taskId, j, attempt.data, file, problems, at));
    });
  });
  return { report: parsed.data, samples, problems };
}

function sampleOf(
  domain: string,
  taskId: string,
  index: number,
  a: z.infer<typeof AttemptSchema>,
  file: string,
  problems: ImportProblems,
  path: string,
): TrajectorySample {
  const rewardInfo = readRewardInfo(a.reward_info, problems, undefined, `${path}.reward_info`);
  const components = numberRecord(a.partial_components);
  const sample: TrajectorySample = {
    id: `${domain}/${taskId}/${index}`,
    source: { file },
    step: 0,
    evaluation: true,
    group: `${domain}/${taskId}`,
    index,
    taskId,
    domain,
    trial: index,
    status: STATUS[a.status] ?? 'failed',
    reward: {
      value: a.reward,
      raw: a.reward,
      ...(a.partial_score != null ? { partialScore: a.partial_score } : {}),
      ...(components !== undefined ? { partialComponents: components } : {}),
    },
    turns: [],
    metadata: {
      eval_status: a.status,
      success: a.success,
      ...(a.steps !== undefined ? { steps: a.steps } : {}),
      ...(a.error != null ? { error: a.error } : {}),
    },
    lengths: { turns: 0 },
  };
  if (rewardInfo !== undefined) sample.rewardInfo = rewardInfo;
  return sample;
}
