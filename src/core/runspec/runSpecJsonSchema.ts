import * as z from 'zod';
import { RunSpecSchema } from './runSpec';

/**
 * The JSON Schema of a run-spec file as the user writes it: defaults are optional to type, which is
 * what `io: 'input'` describes. package.json points `.rollout-studio/*.json` at the committed copy in
 * media/schemas; a unit test keeps that copy equal to this.
 */
export function runSpecJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(RunSpecSchema, { io: 'input', unrepresentable: 'any' }),
    title: 'Rollout Studio run spec',
  };
}
