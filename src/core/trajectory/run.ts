import * as z from 'zod';
import { TrajectorySampleSchema } from './sample';

// Run → Step → Group → Sample. A Step is one rollout id (eval rollouts are separate steps with
// evaluation: true); a Group is what GRPO normalises over.

export const GroupSchema = z.object({
  key: z.string(),
  taskId: z.string().optional(),
  samples: z.array(TrajectorySampleSchema),
});
export type Group = z.infer<typeof GroupSchema>;

export const StepSchema = z.object({
  step: z.number().int().nonnegative(),
  evaluation: z.boolean(),
  groups: z.array(GroupSchema),
  /** slime's logged metrics for the step, when the source has them (tap step records). */
  metrics: z.record(z.string(), z.number()).optional(),
});
export type Step = z.infer<typeof StepSchema>;

export const RunSchema = z.object({
  /** Files the run was read from. */
  sources: z.array(z.string()),
  steps: z.array(StepSchema),
  /** Source-level context such as tau2's `info` (agent/user models, num_trials). */
  info: z.record(z.string(), z.unknown()).optional(),
});
export type Run = z.infer<typeof RunSchema>;
