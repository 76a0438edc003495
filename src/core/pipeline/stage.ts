import * as z from 'zod';
import { EVAL_FILES } from '../eval/evalProvenance';

// A pipeline is the cookbook's chain of runs: SFT → rejection sampling (RFT) → SFT on what was kept →
// GRPO → eval (training_cookbook.md of THUDM/slime PR #1156). It is stored the way runs are stored: each
// stage is a run whose run.json carries this record (the pipeline it belongs to, its kind and what it
// consumed), so discovering a box's runs rediscovers its pipelines, and nothing lives only in the editor.
// What a stage produced is read from its own files (its --save folder, its kept dataset).

export const StageKindSchema = z.enum(['sft', 'rft', 'grpo', 'convert', 'eval']);
export type StageKind = z.infer<typeof StageKindSchema>;

export const ArtifactSchema = z.object({
  kind: z.enum(['dataset', 'checkpoint', 'hf-checkpoint', 'eval-results']),
  /** Path on the box: a JSONL file, a --save folder, a Hugging Face folder or an eval's results file. */
  path: z.string().min(1),
  /** The Megatron iteration (rollout id) of a checkpoint. */
  iteration: z.number().int().nonnegative().optional(),
  /** The run that produced it. */
  run: z.string().optional(),
});
export type Artifact = z.infer<typeof ArtifactSchema>;

export const StageSchema = z.object({
  pipeline: z.string().min(1).describe('Id of the pipeline the run is a stage of.'),
  kind: StageKindSchema.describe(
    "sft: supervised fine-tuning (--loss-type sft_loss); rft: rollouts sampled from an SFT checkpoint to keep the successes; grpo; convert: a checkpoint exported to Hugging Face format; eval: the recipe's eval.py on a checkpoint.",
  ),
  consumed: z.array(ArtifactSchema).default([]).describe('What the stage was started from.'),
});
export type Stage = z.infer<typeof StageSchema>;

export const STAGE_LABELS: Record<StageKind, string> = {
  sft: 'SFT',
  rft: 'RFT sampling',
  grpo: 'GRPO',
  convert: 'HF export',
  eval: 'Eval',
};

/** Files an RFT stage's filter writes into its run directory. */
export const RFT_FILES = { dataset: 'rft-kept.jsonl', counts: 'rft-filter.json' } as const;

/** What a stage produces, from its spec's flags and run directory. */
export function stageOutputs(kind: StageKind, args: Record<string, unknown>, runDir: string): Artifact[] {
  const flag = (name: string) => (typeof args[name] === 'string' ? (args[name] as string) : undefined);
  switch (kind) {
    case 'sft':
    case 'grpo': {
      const save = flag('--save');
      return save ? [{ kind: 'checkpoint', path: save }] : [];
    }
    case 'rft':
      return [{ kind: 'dataset', path: `${runDir}/${RFT_FILES.dataset}` }];
    case 'convert': {
      const out = flag('--output-dir');
      return out ? [{ kind: 'hf-checkpoint', path: out }] : [];
    }
    case 'eval':
      // Written once the eval has ended and its report was read (collectEval).
      return [{ kind: 'eval-results', path: `${runDir}/${EVAL_FILES.result}` }];
  }
}
