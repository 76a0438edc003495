import * as z from 'zod';

// tau2-bench's RewardInfo (data_model/simulation.py). Every field is optional and unknown keys are kept:
// branch builds and versions add fields, and v0.x files omit some (reference/tau2.md §0, §2).

const nullableNumber = z.number().nullable().optional();

export const Tau2ActionSchema = z.looseObject({
  action_id: z.string().optional(),
  requestor: z.string().optional(),
  name: z.string(),
  arguments: z.record(z.string(), z.unknown()).default({}),
  info: z.string().nullable().optional(),
  /** null: compare the arguments the call made (tasks.py compare_with_tool_call). */
  compare_args: z.array(z.string()).nullable().optional(),
});
export type Tau2Action = z.infer<typeof Tau2ActionSchema>;

export const Tau2RewardInfoSchema = z.looseObject({
  reward: z.number().nullable().optional(),
  db_check: z
    .looseObject({ db_match: z.boolean().nullable().optional(), db_reward: nullableNumber })
    .nullable()
    .optional(),
  env_assertions: z
    .array(
      z.looseObject({
        env_assertion: z.record(z.string(), z.unknown()).nullable().optional(),
        met: z.boolean(),
        reward: nullableNumber,
      }),
    )
    .nullable()
    .optional(),
  action_checks: z
    .array(
      z.looseObject({
        action: Tau2ActionSchema,
        action_match: z.boolean(),
        action_reward: nullableNumber,
        tool_type: z.string().nullable().optional(),
      }),
    )
    .nullable()
    .optional(),
  nl_assertions: z
    .array(
      z.looseObject({
        nl_assertion: z.string(),
        met: z.boolean(),
        justification: z.string().nullable().optional(),
      }),
    )
    .nullable()
    .optional(),
  communicate_checks: z
    .array(
      z.looseObject({ info: z.string(), met: z.boolean(), justification: z.string().nullable().optional() }),
    )
    .nullable()
    .optional(),
  /** Only these components count; the reward is their product. null when the run ended prematurely. */
  reward_basis: z.array(z.string()).nullable().optional(),
  reward_breakdown: z.record(z.string(), z.number()).nullable().optional(),
  info: z.record(z.string(), z.unknown()).nullable().optional(),
});
export type Tau2RewardInfo = z.infer<typeof Tau2RewardInfoSchema>;
