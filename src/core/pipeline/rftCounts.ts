import * as z from 'zod';

// rft-filter.json, written beside an RFT stage's kept dataset and read back by the Pipelines view (the
// box's file may come from another version of the extension, so it is checked on reading).

export const RftCountsSchema = z.looseObject({
  kept: z.number().int(),
  removed: z.number().int(),
  domains: z.array(
    z.object({
      domain: z.string(),
      tasks: z.number().int(),
      attempts: z.number().int(),
      successes: z.number().int(),
      kept: z.number().int(),
      tasksKept: z.number().int(),
    }),
  ),
  tasks: z.array(
    z.object({
      domain: z.string(),
      task: z.string(),
      attempts: z.number().int(),
      successes: z.number().int(),
      kept: z.number().int(),
      keptBy: z.enum(['success', 'partial', 'none']),
    }),
  ),
});
export type RftCounts = z.infer<typeof RftCountsSchema>;
