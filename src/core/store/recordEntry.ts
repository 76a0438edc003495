import { SampleStatusSchema, StepRecordSchema, TAP_RECORD_VERSION } from '../records/tapRecord';
import type { SampleRecord } from '../records/tapRecord';
import { describeIssues } from '../run/runFiles';
import type { Profile } from '../toolcall/types';
import type { SampleEntry, StepEntry } from './sampleIndex';

/**
 * Counts tool-call diagnostics over a sample's assistant turns (the engine is injected by the caller);
 * `dropped`: the errors that are calls SGLang's parse loses (isParserDrop).
 */
export interface Annotate {
  (sample: SampleRecord): { errors: number; warnings: number; dropped: number };
  /**
   * The parser profile it counts under, when it is sampleAnnotator's: worker threads can then build the
   * same counter for themselves (a function cannot be sent to them).
   */
  readonly profile?: Profile;
}

/** An Annotate and the name of the profile it counts under (a run store counts again when it changes). */
export interface Annotation {
  annotate: Annotate;
  key: string;
}

export type ReadRecord =
  | { kind: 'sample'; entry: Omit<SampleEntry, 'offset' | 'length'> }
  | { kind: 'step'; entry: StepEntry }
  | { kind: 'problem'; message: string };

/** What readLineHead makes of a line: a step record still needs readStepLine (steps are rare). */
export type LineHead = Exclude<ReadRecord, { kind: 'step' }> | { kind: 'step' };

export interface LineRules {
  /** The newest record format this version reads. */
  version: number;
  statuses: readonly string[];
}

export const LINE_RULES: LineRules = {
  version: TAP_RECORD_VERSION,
  statuses: SampleStatusSchema.options,
};

/** Reads a line readLineHead found to be a step record. */
export function readStepLine(text: string): ReadRecord {
  const step = StepRecordSchema.safeParse(JSON.parse(text));
  if (!step.success) return { kind: 'problem', message: describeIssues(step.error) };
  const entry: StepEntry = {
    step: step.data.step,
    evaluation: step.data.evaluation,
    metrics: step.data.metrics,
  };
  // The samples log_rollout received are the ones slime trains on this step; kept for "never trained".
  if (step.data.rewards !== undefined) entry.trained = step.data.rewards.map((r) => [r.group, r.index]);
  if (step.data.rewardRange !== undefined) entry.rewardRange = step.data.rewardRange;
  return { kind: 'step', entry };
}
