import * as z from 'zod';

// What one evaluation of a checkpoint runs with: the recipe's eval script (examples/tau-bench/tau2/eval.py
// of THUDM/slime PR #1156) against a policy server and a user simulator. The defaults are the cookbook's
// (training_cookbook.md, "Quickstart: Reproduce Pass@4" and the eval README line): pass@1 greedy with one
// sample at temperature 0, pass@k with k = 4 at temperature 0.8, top-p 1.0, top-k 20; domains airline,
// retail and telecom on the test split; the user simulator gpt-4.1-mini at temperature 0.7, eval.py's own
// defaults, which the cookbook's reproduction used.

/** Where the recipe keeps its eval script, relative to the slime checkout. */
export const EVAL_SCRIPT = 'examples/tau-bench/tau2/eval.py';

export const TAU2_DOMAINS = ['airline', 'retail', 'telecom'] as const;

export const DecodingSchema = z.object({
  temperature: z.number().min(0),
  topP: z.number().gt(0).max(1),
  /** eval.py sends top_k only when it is above 0. */
  topK: z.number().int(),
});
export type Decoding = z.infer<typeof DecodingSchema>;

export const UserSimulatorSchema = z.object({
  /** endpoint: an OpenAI-compatible API whose key is a secret; sglang: a server started on the box. */
  kind: z.enum(['endpoint', 'sglang']),
  /** The model as tau2 (litellm) names it: gpt-4.1-mini, or openai/<served model> for a local server. */
  model: z.string().min(1),
  temperature: z.number().min(0),
  /** The API's base URL on the box (…/v1); absent for OpenAI's own endpoint. */
  baseUrl: z.string().min(1).optional(),
  /** The environment variable the key travels in (endpoint only); its value lives in secret storage. */
  keyEnv: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/)
    .optional(),
});
export type UserSimulator = z.infer<typeof UserSimulatorSchema>;

export const EvalSettingsSchema = z.object({
  /** Attempts per task (eval.py --num-samples). */
  k: z.number().int().min(1),
  decoding: DecodingSchema,
  domains: z.array(z.string().regex(/^[a-z0-9_]+$/)).min(1),
  split: z.enum(['train', 'test', 'base']),
  /** A smaller task set (eval.py --max-tasks-per-domain); absent = every task of the split. */
  maxTasksPerDomain: z.number().int().min(1).optional(),
  maxSteps: z.number().int().min(1),
  userSimulator: UserSimulatorSchema,
});
export type EvalSettings = z.infer<typeof EvalSettingsSchema>;

export const COOKBOOK_USER_SIMULATOR: UserSimulator = {
  kind: 'endpoint',
  model: 'gpt-4.1-mini',
  temperature: 0.7,
  keyEnv: 'OPENAI_API_KEY',
};

const COOKBOOK_COMMON = {
  domains: [...TAU2_DOMAINS],
  split: 'test' as const,
  maxSteps: 100,
  userSimulator: COOKBOOK_USER_SIMULATOR,
};

/** Pass@1 as the cookbook reports it for GRPO: one greedy attempt per task. */
export const COOKBOOK_PASS_AT_1: EvalSettings = {
  ...COOKBOOK_COMMON,
  k: 1,
  decoding: { temperature: 0, topP: 1, topK: 20 },
};

/** Pass@4, the cookbook's headline: four sampled attempts per task. */
export const COOKBOOK_PASS_AT_K: EvalSettings = {
  ...COOKBOOK_COMMON,
  k: 4,
  decoding: { temperature: 0.8, topP: 1, topK: 20 },
};

/** Greedy decoding: at temperature 0, top-p and top-k change nothing. */
export function isGreedy(decoding: Decoding): boolean {
  return decoding.temperature === 0;
}

export interface EvalTargets {
  /** The Hugging Face folder of the checkpoint on the box: the policy server serves it, eval.py reads its tokenizer. */
  hfCheckpoint: string;
  /** The policy server's /generate URL as the box reaches it. */
  policyUrl: string;
  /** Where eval.py writes its report. */
  output: string;
}

/** eval.py's flags for these settings (its argparse names, read from the script). */
export function evalScriptArgs(settings: EvalSettings, to: EvalTargets): Record<string, string | number> {
  const { decoding, userSimulator } = settings;
  return {
    '--hf-checkpoint': to.hfCheckpoint,
    '--sglang-url': to.policyUrl,
    '--output': to.output,
    '--domains': settings.domains.join(','),
    '--task-split': settings.split,
    '--num-samples': settings.k,
    '--temperature': decoding.temperature,
    '--top-p': decoding.topP,
    '--top-k': decoding.topK,
    '--max-steps': settings.maxSteps,
    '--user-model': userSimulator.model,
    '--user-temperature': userSimulator.temperature,
    ...(settings.maxTasksPerDomain !== undefined
      ? { '--max-tasks-per-domain': settings.maxTasksPerDomain }
      : {}),
  };
}

/**
 * The environment the user simulator needs. eval.py points tau2's user at a local server through
 * TAU2_USER_API_BASE (with a dummy key); any other endpoint goes through litellm's OpenAI settings, whose
 * key is a secret and so only named here.
 */
export function userSimulatorEnv(sim: UserSimulator): { env: Record<string, string>; secretEnv: string[] } {
  if (sim.kind === 'sglang')
    return { env: sim.baseUrl !== undefined ? { TAU2_USER_API_BASE: sim.baseUrl } : {}, secretEnv: [] };
  return {
    env: sim.baseUrl !== undefined ? { OPENAI_API_BASE: sim.baseUrl } : {},
    secretEnv: [sim.keyEnv ?? 'OPENAI_API_KEY'],
  };
}

/** One line naming the settings, e.g. "pass@4 · temperature 0.8, top-p 1, top-k 20 · test split". */
export function describeDecoding(decoding: Decoding): string {
  return isGreedy(decoding)
    ? 'greedy (temperature 0)'
    : `temperature ${decoding.temperature}, top-p ${decoding.topP}, top-k ${decoding.topK > 0 ? decoding.topK : 'off'}`;
}

export function describeUserSimulator(sim: Pick<UserSimulator, 'model' | 'temperature'>): string {
  return `${sim.model} at temperature ${sim.temperature}`;
}
