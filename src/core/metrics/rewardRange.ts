import * as z from 'zod';

/** `[min, max]` with min < max: what a run may declare as its reward range (see rewardScale.ts). */
export const RewardRangeSchema = z
  .tuple([z.number(), z.number()])
  .refine(([min, max]) => Number.isFinite(min) && Number.isFinite(max) && min < max, {
    message: 'expected [min, max] with min < max',
  });
