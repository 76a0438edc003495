import * as z from 'zod';
import { EVAL_SCRIPT } from '../eval/evalSettings';
import { RewardRangeSchema } from '../metrics/rewardRange';
import { StageSchema } from '../pipeline/stage';
import { GUARDED_ENV, reservedEnvProblem } from './reservedEnv';

// A RunSpec is what a user edits to describe a slime run (issue 6, "Run specs"). It lives in the
// workspace as `.rollout-studio/<name>.json`; its JSON Schema (runSpecJsonSchema.ts) gives those files
// completion and hovers, and the launch turns it into launch.sh.

/** One flag's value: true = bare flag, false = omitted, a list = several values after the one flag. */
export const FlagValueSchema = z.union([
  z.boolean(),
  z.string(),
  z.number(),
  z.array(z.union([z.string(), z.number()])),
]);
export type FlagValue = z.infer<typeof FlagValueSchema>;

/** slime's own converter from a torch_dist checkpoint to Hugging Face safetensors (slime tools/). */
export const CONVERT_TO_HF_ENTRY = 'tools/convert_torch_dist_to_hf.py';

// Shell variable names: secretEnv names reach `export` in launch.sh, and env names become assignments.
const EnvName = z
  .string()
  .regex(
    /^[A-Za-z_][A-Za-z0-9_]*$/,
    'an environment variable name: letters, digits and _, not first a digit',
  );

export const RaySchema = z
  .object({
    mode: z
      .enum(['direct', 'head', 'cluster'])
      .describe(
        'direct: run the entry itself and let slime start a private local Ray; head: start a Ray head owned by this run (own temp dir and ports), submit to it and stop it afterwards; cluster: submit to an existing Ray cluster at `address`.',
      ),
    address: z
      .string()
      .optional()
      .describe('Ray dashboard address for cluster mode, e.g. http://127.0.0.1:8265.'),
    numGpus: z.number().int().min(0).optional().describe('GPUs the Ray head offers (head mode).'),
    dashboardPort: z
      .number()
      .int()
      .min(1)
      .max(65535)
      .optional()
      .describe('Dashboard port of the head this run starts (head mode); 8265 is what slime scripts use.'),
    port: z
      .number()
      .int()
      .min(1)
      .max(65535)
      .optional()
      .describe('GCS port of the head this run starts (head mode).'),
  })
  .refine((r) => r.mode !== 'cluster' || (r.address !== undefined && r.address !== ''), {
    message: 'cluster mode needs an address',
    path: ['address'],
  });
export type RaySettings = z.infer<typeof RaySchema>;

const RunSpecFields = z.object({
  $schema: z.string().optional(),
  name: z
    .string()
    .min(1)
    .max(80)
    .describe('What the run is called in the explorer; also part of its directory name.'),
  box: z.string().min(1).default('local').describe('An ssh host alias from ~/.ssh/config, or `local`.'),
  workdir: z.string().min(1).describe('The slime checkout on the box; the entry runs from here.'),
  entry: z
    .enum(['train.py', 'train_async.py', EVAL_SCRIPT, CONVERT_TO_HF_ENTRY])
    .default('train.py')
    .describe(
      `train.py (colocated, synchronous) or train_async.py (separate rollout GPUs); ${EVAL_SCRIPT} evaluates a checkpoint on tau2-bench; ${CONVERT_TO_HF_ENTRY} exports a checkpoint to Hugging Face format.`,
    ),
  python: z.string().min(1).default('python3').describe('Python interpreter on the box.'),
  args: z
    .record(
      z.string().regex(/^--[A-Za-z0-9][A-Za-z0-9_-]*$/, 'a long flag such as --rollout-batch-size'),
      FlagValueSchema,
    )
    .default({})
    .describe(
      'slime, Megatron and SGLang flags: true = bare flag, false = omitted, a list = several values after the flag, a string or number = one value.',
    ),
  env: z.record(EnvName, z.string()).default({}).describe('Environment for the run. Never put secrets here.'),
  secretEnv: z
    .array(EnvName)
    .default([])
    .describe(
      'Names of secret variables (e.g. WANDB_API_KEY). Their values come from VS Code secret storage and reach the box in a 0600 file the launch script reads and deletes.',
    ),
  allowEnv: z
    .array(z.enum(GUARDED_ENV))
    .default([])
    .describe(
      'Names among PATH and LD_PRELOAD that env may set. They change which programs the launch script itself runs, so they are refused unless listed here.',
    ),
  ray: RaySchema.default({ mode: 'direct' }),
  tap: z
    .boolean()
    .default(true)
    .describe('Load the Rollout Studio tap so every sample streams into rollouts.jsonl.'),
  runsRoot: z
    .string()
    // launch.sh changes to the workdir, so a relative root would put state.json somewhere else.
    .regex(/^(?:\/|~(?:\/|$))/, 'an absolute path, or one under ~ (e.g. ~/.rollout-studio/runs)')
    .optional()
    .describe(
      'Where the run directory goes on the box: an absolute path or one under ~; defaults to ~/.rollout-studio/runs.',
    ),
  stage: StageSchema.optional().describe(
    'Set when the run is a stage of a pipeline (SFT → RFT → GRPO); kept in run.json so the pipeline is found again on the box.',
  ),
  rewardRange: RewardRangeSchema.optional().describe(
    "The reward range the run declares, [min, max] (e.g. [0, 1]): metric dots are coloured on it instead of the observed range. Written into run.json and, through ROLLOUT_STUDIO_REWARD_RANGE, into the tap's step records.",
  ),
});
export const RunSpecSchema = RunSpecFields.superRefine((spec, ctx) => {
  // Names the launch script or its shell use: refused with the field named (reservedEnv.ts says why).
  for (const name of Object.keys(spec.env)) {
    const problem = reservedEnvProblem(name, spec.allowEnv);
    if (problem) ctx.addIssue({ code: 'custom', path: ['env', name], message: problem });
  }
  spec.secretEnv.forEach((name, i) => {
    const problem = reservedEnvProblem(name, spec.allowEnv);
    if (problem) ctx.addIssue({ code: 'custom', path: ['secretEnv', i], message: problem });
  });
});
/** A spec as written in a file (defaults not applied). */
export type RunSpecInput = z.input<typeof RunSpecSchema>;
export type RunSpec = z.output<typeof RunSpecSchema>;

export const DEFAULT_RUNS_ROOT = '~/.rollout-studio/runs';
