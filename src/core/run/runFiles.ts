import * as z from 'zod';
import { JOB_FILES, JobRecordSchema, JobStateSchema } from '../boxJob/jobFiles';
import type { JobKind } from '../boxJob/jobFiles';
import { RewardRangeSchema } from '../metrics/rewardRange';
import { StageSchema } from '../pipeline/stage';

// The files of a run directory on the box (docs/architecture.md, "A run on the box"). Readers accept unknown keys so
// that a newer wrapper's files still open in an older extension.

export const RunStateSchema = JobStateSchema.extend({
  submissionId: z.string().optional(),
  /** Whether the Ray head this run uses was started by us (then stopping the run may stop it). */
  rayHeadStartedByUs: z.boolean().optional(),
  /** Dashboard address of the Ray cluster the submission went to (head and cluster modes). */
  rayAddress: z.string().optional(),
  /** Pid of the Ray head the run started; it is in the run's process group. */
  rayHeadPid: z.number().int().optional(),
});
export type RunState = z.infer<typeof RunStateSchema>;

export const RunRecordSchema = JobRecordSchema.extend({
  envNames: z.array(z.string()).default([]),
  /** Set on runs that replay recorded demo data instead of training. */
  demo: z.boolean().optional(),
  /** Set on runs made by "Open Rollout File": the file they were read from and its format. */
  importedFrom: z.object({ path: z.string(), format: z.string() }).optional(),
  /** Whether the run loads the tap, so its rollouts.jsonl is expected to grow. */
  tap: z.boolean().optional().catch(undefined),
  /** The reward range the run's spec declares; a malformed one is ignored rather than hiding the run. */
  rewardRange: RewardRangeSchema.optional().catch(undefined),
  /** The pipeline stage the run is; a malformed one leaves the run outside any pipeline. */
  stage: StageSchema.optional().catch(undefined),
});
export type RunRecord = z.infer<typeof RunRecordSchema>;

export const RUN_FILES = {
  ...JOB_FILES,
  record: 'run.json',
  rollouts: 'rollouts.jsonl',
  /** The heads index of rollouts.jsonl (media/rollout_heads.py), for runs browsed without a mirror. */
  heads: 'rollouts.heads.jsonl',
} as const;

/** Runs as box jobs: pipeline stages and evals are runs too. */
export const RUN_JOB: JobKind<RunState> = {
  noun: 'run',
  record: RUN_FILES.record,
  tag: 'ROLLOUT_STUDIO_RUN_ID',
  state: RunStateSchema,
};

/** Turns zod's issues into "field: problem" text a user can act on. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((i) => `${i.path.length > 0 ? i.path.join('.') : '(root)'}: ${i.message}`)
    .join('; ');
}
