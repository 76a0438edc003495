import * as z from 'zod';
import { describeIssues } from '../run/runFiles';

// What media/convert_debug_train.py writes for one rollout's --save-debug-train-data dump(s): per training
// sample its ids and per-response-token values, and the tokenizer's text pieces when one was found.

const perToken = z.array(z.number().nullable());

export const TrainTokenSampleSchema = z.looseObject({
  /** Index in the rollout debug dump's `samples` (slime's `partition`); null in older dumps. */
  rolloutPosition: z.number().int().nullable(),
  /** slime's Sample.index; null when the rollout function never set it. */
  sampleIndex: z.number().int().nullable(),
  dataParallelRank: z.number().int().nullable().optional(),
  promptLength: z.number().int().nonnegative(),
  reward: z.number().nullable().optional(),
  /** Response token ids (the dump's tokens are prompt + response). */
  ids: z.array(z.number().int()),
  /** One text piece per id; absent when no tokenizer was available. */
  pieces: z.array(z.string()).optional(),
  /** 1 = trained on (model token), 0 = masked out (tool, user, template); null when the dump had none. */
  lossMask: z.array(z.number().int()).nullable(),
  advantages: perToken.optional(),
  logProbs: perToken.optional(),
  refLogProbs: perToken.optional(),
  rolloutLogProbs: perToken.optional(),
});
export type TrainTokenSample = z.infer<typeof TrainTokenSampleSchema>;

export const TrainTokensFileSchema = z.looseObject({
  kind: z.literal('train-tokens'),
  v: z.literal(1),
  rolloutId: z.number().int().nullable(),
  sources: z.array(z.string()),
  tokenizer: z.object({ source: z.string().nullable(), note: z.string().nullable() }),
  samples: z.array(TrainTokenSampleSchema),
  problems: z.array(z.string()),
});
export type TrainTokensFile = z.infer<typeof TrainTokensFileSchema>;

/** Parses the converter's output; errors name the file and the field. */
export function parseTrainTokens(text: string, file: string): TrainTokensFile {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new Error(`${file}: not JSON (${(e as Error).message}); convert the dump again`, { cause: e });
  }
  const parsed = TrainTokensFileSchema.safeParse(value);
  if (!parsed.success) throw new Error(`${file}: ${describeIssues(parsed.error)}`);
  for (const [i, s] of parsed.data.samples.entries()) {
    const n = s.ids.length;
    for (const field of [
      'pieces',
      'lossMask',
      'advantages',
      'logProbs',
      'refLogProbs',
      'rolloutLogProbs',
    ] as const) {
      const values = s[field];
      if (values && values.length !== n)
        throw new Error(`${file}: samples.${i}.${field}: ${values.length} values for ${n} tokens`);
    }
  }
  return parsed.data;
}
