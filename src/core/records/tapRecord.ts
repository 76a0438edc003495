import * as z from 'zod';
import { RewardRangeSchema } from '../metrics/rewardRange';

// The records the tap appends to a run's rollouts.jsonl, one JSON object per line. `v` is the
// format version; readers skip records of a newer version and say so instead of guessing.
// v2 is v1 with the body fields (RECORD_BODY_FIELDS) written after every other field, so that the store
// reads a sample's index fields without walking its turns; readers take both.

export const TAP_RECORD_VERSION = 2;
const RecordVersionSchema = z.union([z.literal(1), z.literal(2)]);

/** The fields a v2 record writes last: everything the store's index reads comes before them. */
export const RECORD_BODY_FIELDS: readonly string[] = ['messages', 'tools', 'metadata', 'trace'];

/** The record with its body fields moved last, as v2 lays records out. */
export function headFirst<T extends object>(record: T): T {
  const head: Record<string, unknown> = {};
  const body: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(record)) (RECORD_BODY_FIELDS.includes(k) ? body : head)[k] = v;
  return { ...head, ...body } as T;
}

const RequestorSchema = z.enum(['assistant', 'user']);

/** A call the source recorded as data (OpenAI function calling, tau2); calls inside text stay in `content`. */
export const RecordToolCallSchema = z.looseObject({
  id: z.string().optional(),
  name: z.string(),
  arguments: z.unknown(),
  requestor: RequestorSchema.optional(),
});

export const ChatMessageSchema = z.looseObject({
  /** `environment`: an observation that is neither a user utterance nor a tool result (episode logs). */
  role: z.enum(['system', 'user', 'assistant', 'tool', 'environment']),
  content: z.string(),
  /** Whether the tokens of this message were trained on (loss mask 1). */
  trainable: z.boolean().optional(),
  toolCalls: z.array(RecordToolCallSchema).optional(),
  /** Tool results: the call answered, the tool's name, whose tool it is, and whether it failed. */
  toolCallId: z.string().optional(),
  toolName: z.string().optional(),
  requestor: RequestorSchema.optional(),
  error: z.boolean().optional(),
});
export type ChatMessage = z.infer<typeof ChatMessageSchema>;

/** One event of slime's per-sample trace as the tap keeps it (trace_utils, without the repeated ids). */
export const TraceEventSchema = z.looseObject({
  type: z.string(),
  name: z.string(),
  /** Seconds since the epoch. */
  ts: z.number(),
  span_id: z.string().optional(),
  parent_span_id: z.string().optional(),
  attrs: z.record(z.string(), z.unknown()).optional(),
});
export type TraceEvent = z.infer<typeof TraceEventSchema>;

/** A sample's trace as the tap keeps it; `dropped` counts events past the tap's cap. */
export const SampleTraceSchema = z.looseObject({
  events: z.array(TraceEventSchema),
  dropped: z.number().int().optional(),
});

export const TurnsFromSchema = z.enum(['loss_mask', 'messages', 'text']);

/** slime's Sample.Status values; `pending` is left on a finished sample by a generator that never set one. */
export const SampleStatusSchema = z.enum(['completed', 'truncated', 'aborted', 'failed', 'pending']);

export const SampleRecordSchema = z.looseObject({
  kind: z.literal('sample'),
  v: RecordVersionSchema,
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
  /** Response tokens with loss mask 1. */
  trainableTokens: z.number().int().optional(),
  /** A stable id when the source has one (tau2 simulation id); readers fall back to step/group/index. */
  id: z.string().optional(),
  /** slime's global sample index (Sample.index), which `index` above is not. */
  sampleIndex: z.number().int().optional(),
  taskId: z.string().optional(),
  domain: z.string().optional(),
  trial: z.number().int().optional(),
  terminationReason: z.string().optional(),
  partialScore: z.number().nullable().optional(),
  partialComponents: z.record(z.string(), z.number()).optional(),
  /** slime remove_sample: left out of the loss. */
  removed: z.boolean().optional(),
  /** slime's trace events (generate_and_rm, sglang_generate, reward_model spans); `dropped` past the tap's cap. */
  trace: SampleTraceSchema.optional(),
  /** How the turns were recovered: `loss_mask` runs decoded with the tokenizer, chat `messages`, or `text`. */
  turnsFrom: TurnsFromSchema.optional(),
});
export type SampleRecord = z.infer<typeof SampleRecordSchema>;

export const StepRecordSchema = z.looseObject({
  kind: z.literal('step'),
  v: RecordVersionSchema,
  ts: z.number(),
  step: z.number().int().nonnegative(),
  evaluation: z.boolean(),
  /** slime's logged metrics for the step, e.g. "rollout/raw_reward". */
  metrics: z.record(z.string(), z.number()),
  /** Each sample's final rewards as the step saw them (group/index as in the sample records). */
  rewards: z
    .array(
      z.looseObject({
        group: z.number().int().nonnegative(),
        index: z.number().int().nonnegative(),
        raw: z.number().nullable(),
        shaped: z.number().nullable().optional(),
      }),
    )
    .optional(),
  /** The reward range the run declares ($ROLLOUT_STUDIO_REWARD_RANGE); a malformed one is ignored. */
  rewardRange: RewardRangeSchema.optional().catch(undefined),
});
export type StepRecord = z.infer<typeof StepRecordSchema>;

/**
 * The tap's own health: it never raises into the trainer, so what it could not do is counted here instead.
 * Written after the first failure of each kind and with every step record while failures exist.
 */
export const TapStatusRecordSchema = z.looseObject({
  kind: z.literal('tap'),
  v: RecordVersionSchema,
  ts: z.number(),
  samples: z.number().int().nonnegative(),
  steps: z.number().int().nonnegative(),
  /** Failure counts by where they happened, e.g. `sample_hook`, `decode`, `write`. */
  errors: z.record(z.string(), z.number().int().nonnegative()),
  lastError: z.string().optional(),
});
export type TapStatusRecord = z.infer<typeof TapStatusRecordSchema>;

export type TapRecord = SampleRecord | StepRecord | TapStatusRecord;
