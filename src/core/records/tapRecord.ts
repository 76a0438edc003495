import { z } from 'zod';

// The records the tap appends to a run's rollouts.jsonl, one JSON object per line. `v` is the
// format version; readers skip records of a newer version and say so instead of guessing.

export const TAP_RECORD_VERSION = 1;

export const ChatMessageSchema = z.looseObject({
  role: z.enum(['system', 'user', 'assistant', 'tool']),
  content: z.string(),
  /** Whether the tokens of this message were trained on (loss mask 1). */
  trainable: z.boolean().optional(),
});
export type ChatMessage = z.infer<typeof ChatMessageSchema>;

export const SampleStatusSchema = z.enum(['completed', 'truncated', 'aborted', 'failed']);

export const SampleRecordSchema = z.looseObject({
  kind: z.literal('sample'),
  v: z.literal(TAP_RECORD_VERSION),
  /** Seconds since the epoch when the tap saw the sample. */
  ts: z.number(),
  /** slime's rollout id; eval rollouts carry evaluation: true. */
  step: z.number().int().nonnegative(),
  evaluation: z.boolean(),
  /** The prompt group GRPO normalises over, and the sample's index inside it. */
  group: z.number().int().nonnegative(),
  index: z.number().int().nonnegative(),
  status: SampleStatusSchema,
  reward: z.number().nullable(),
  rawReward: z.number().nullable().optional(),
  shapedReward: z.number().nullable().optional(),
  messages: z.array(ChatMessageSchema),
  /** Tools offered to the policy, in OpenAI function format. */
  tools: z.array(z.unknown()).optional(),
  metadata: z.record(z.string(), z.unknown()).default({}),
  promptTokens: z.number().int().optional(),
  responseTokens: z.number().int().optional(),
});
export type SampleRecord = z.infer<typeof SampleRecordSchema>;

export const StepRecordSchema = z.looseObject({
  kind: z.literal('step'),
  v: z.literal(TAP_RECORD_VERSION),
  ts: z.number(),
  step: z.number().int().nonnegative(),
  evaluation: z.boolean(),
  /** slime's logged metrics for the step, e.g. "rollout/raw_reward". */
  metrics: z.record(z.string(), z.number()),
});
export type StepRecord = z.infer<typeof StepRecordSchema>;

export type TapRecord = SampleRecord | StepRecord;
