import * as z from 'zod';
import { SampleTraceSchema, TurnsFromSchema } from '../records/tapRecord';
import { Tau2RewardInfoSchema } from './rewardInfo';
import { TurnSchema } from './turn';

// One trajectory: a slime Sample, a tau2 simulation, an episode log or one chat of a dataset.

/**
 * slime's Sample.Status. PENDING reaches a finished rollout when a custom generate function never sets a
 * status; slime trains such a sample like a completed one.
 */
export const SampleStatusSchema = z.enum(['completed', 'truncated', 'aborted', 'failed', 'pending']);
export type SampleStatus = z.infer<typeof SampleStatusSchema>;

export const SampleRewardSchema = z.object({
  /** The reward the source reports as the sample's reward (slime: sample.reward after --reward-key). */
  value: z.number().nullable(),
  /** The task reward before shaping (metadata.raw_reward, or the reward itself). */
  raw: z.number().nullable().optional(),
  /** The reward after post-processing (tau2 recipe: raw + α·partial_score; may exceed 1). */
  shaped: z.number().nullable().optional(),
  partialScore: z.number().nullable().optional(),
  partialComponents: z.record(z.string(), z.number()).optional(),
});
export type SampleReward = z.infer<typeof SampleRewardSchema>;

export const SourceRefSchema = z.object({ file: z.string(), line: z.number().int().optional() });
export type SourceRef = z.infer<typeof SourceRefSchema>;

export const SampleLengthsSchema = z.object({
  promptTokens: z.number().int().optional(),
  responseTokens: z.number().int().optional(),
  /** Trained-on response tokens (sum of the loss mask). */
  trainableTokens: z.number().int().optional(),
  turns: z.number().int(),
});

export const TrajectorySampleSchema = z.object({
  /** Unique within a run: a tau2 simulation id, or step/group/index for slime samples. */
  id: z.string(),
  source: SourceRefSchema,
  step: z.number().int().nonnegative(),
  evaluation: z.boolean(),
  /** The GRPO group (slime group_index) or the task a trial belongs to. */
  group: z.string(),
  index: z.number().int().nonnegative(),
  taskId: z.string().optional(),
  domain: z.string().optional(),
  trial: z.number().int().optional(),
  status: SampleStatusSchema.nullable(),
  /** tau2 TerminationReason as a string: HEAD has values PIN lacks, so it is not an enum. */
  terminationReason: z.string().optional(),
  reward: SampleRewardSchema,
  rewardInfo: Tau2RewardInfoSchema.optional(),
  turns: z.array(TurnSchema),
  /** Tools offered to the policy, as stored (OpenAI functions or tau2 tool defs). */
  tools: z.array(z.unknown()).optional(),
  metadata: z.record(z.string(), z.unknown()),
  lengths: SampleLengthsSchema,
  /** slime remove_sample: the recipe drops samples whose repair failed from the loss. */
  removed: z.boolean().optional(),
  /** slime's global sample index (Sample.index), which `index` above is not. */
  sampleIndex: z.number().int().optional(),
  /** slime's trace events, as the tap keeps them. */
  trace: SampleTraceSchema.optional(),
  /** How the tap recovered the turns (loss-mask runs, chat messages, or text). */
  turnsFrom: TurnsFromSchema.optional(),
});
export type TrajectorySample = z.infer<typeof TrajectorySampleSchema>;
