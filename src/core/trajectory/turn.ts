import * as z from 'zod';
import type { TurnAnalysis } from '../toolcall/types';

// One message of a trajectory, whatever format it came from. Tool results are their own turns so that
// errors and the call they answer can be pointed at; environment turns are observations that are neither
// a user utterance nor a tool result (episode.jsonl logs).

export const TurnRoleSchema = z.enum(['system', 'user', 'assistant', 'tool', 'environment']);
export type TurnRole = z.infer<typeof TurnRoleSchema>;

/** Whose tool it is: tau2 telecom lets the user side call tools on their own device too. */
export const RequestorSchema = z.enum(['assistant', 'user']);

export const ToolCallSchema = z.object({
  /** Empty or absent when the source pairs calls with results by position (tau2 gym, slime recipe). */
  id: z.string().optional(),
  name: z.string(),
  arguments: z.unknown(),
  requestor: RequestorSchema.optional(),
});
export type ToolCall = z.infer<typeof ToolCallSchema>;

export const TurnSchema = z.object({
  role: TurnRoleSchema,
  text: z.string(),
  /** Loss mask: true when the policy was trained on these tokens. Absent when the source does not say. */
  trainable: z.boolean().optional(),
  /** Structured calls the source recorded, or the calls the parser verdict extracted from the text. */
  toolCalls: z.array(ToolCallSchema),
  /** Tool-call engine verdict and diagnostics; assistant turns only, when an analyzer was supplied. */
  analysis: z.custom<TurnAnalysis>().optional(),
  /** Tool results: the call answered (by id when known) and whether the tool failed. */
  toolCallId: z.string().optional(),
  toolName: z.string().optional(),
  requestor: RequestorSchema.optional(),
  isError: z.boolean().optional(),
});
export type Turn = z.infer<typeof TurnSchema>;
