import * as z from 'zod';
import { EvalSettingsSchema } from './evalSettings';

// What an eval run was run with, written next to it on the box (eval.json) when it is launched, so every
// number read from it later carries its checkpoint, decoding, k, user simulator, split and tau2 commit.
// The number of tasks is known only from what the eval wrote; EvalResult adds it.

export const CheckpointRefSchema = z.object({
  /** The box the checkpoint is on (an ssh alias or `local`). */
  box: z.string().min(1),
  /** The run that saved it, as the extension keys runs; absent for a model from elsewhere. */
  runKey: z.string().optional(),
  /** The Megatron iteration (iter_%07d) it was saved at. */
  iteration: z.number().int().nonnegative().optional(),
  /** The checkpoint folder the user picked. */
  checkpointDir: z.string().min(1),
  /** The Hugging Face folder the policy server served (the same folder when it already was one). */
  hfCheckpoint: z.string().min(1),
});
export type CheckpointRef = z.infer<typeof CheckpointRefSchema>;

export const Tau2CommitSchema = z.object({
  /** The full commit, or null when the box's tau2 install does not say. */
  commit: z.string().nullable(),
  /** Where it was read: a git checkout, pip's direct_url.json, or why it is unknown. */
  source: z.string(),
});
export type Tau2Commit = z.infer<typeof Tau2CommitSchema>;

export const EvalProvenanceSchema = z.looseObject({
  v: z.literal(1),
  /** The row of the stage-comparison table this eval belongs to, e.g. "SFT1" or "GRPO iter 39". */
  stage: z.string().min(1),
  checkpoint: CheckpointRefSchema,
  settings: EvalSettingsSchema,
  tau2: Tau2CommitSchema,
  /** The policy server's URL as the eval script reached it. */
  policyUrl: z.string(),
  createdAt: z.string(),
});
export type EvalProvenance = z.infer<typeof EvalProvenanceSchema>;

/** Files of an eval run's directory, besides the run's own (run.json, state.json, console.log). */
export const EVAL_FILES = {
  provenance: 'eval.json',
  /** eval.py --output. */
  report: 'eval-report.json',
  /** tau2 Results files (one per domain) an eval script saves beside its report, read for the trajectories. */
  tau2Dir: 'tau2',
  /** What the extension read: provenance, tasks and metrics per domain (EvalResult). */
  result: 'eval-result.json',
} as const;
