import { SampleRecordSchema, StepRecordSchema, TAP_RECORD_VERSION } from '../records/tapRecord';
import type { SampleRecord } from '../records/tapRecord';
import { describeIssues } from '../run/runFiles';
import type { SampleEntry, StepEntry } from './sampleIndex';

/** Counts tool-call diagnostics over a sample's assistant turns (the engine is injected by the caller). */
export type Annotate = (sample: SampleRecord) => { errors: number; warnings: number };

export type ReadRecord =
  | { kind: 'sample'; entry: Omit<SampleEntry, 'offset' | 'length'> }
  | { kind: 'step'; entry: StepEntry }
  | { kind: 'problem'; message: string };

const str = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null);

/** Reads one rollouts.jsonl line into an index entry, or says what is wrong with it (field and reason). */
export function readRecordLine(text: string, annotate: Annotate): ReadRecord {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { kind: 'problem', message: `not valid JSON: ${(e as Error).message}` };
  }
  const head = json as { kind?: unknown; v?: unknown };
  if (typeof head !== 'object' || head === null || Array.isArray(head)) {
    return { kind: 'problem', message: 'not a JSON object' };
  }
  if (typeof head.v === 'number' && head.v > TAP_RECORD_VERSION) {
    return {
      kind: 'problem',
      message: `record format v${head.v} is newer than this extension reads (v${TAP_RECORD_VERSION}); update Rollout Studio`,
    };
  }
  if (head.kind === 'step') {
    const step = StepRecordSchema.safeParse(json);
    if (!step.success) return { kind: 'problem', message: describeIssues(step.error) };
    return {
      kind: 'step',
      entry: { step: step.data.step, evaluation: step.data.evaluation, metrics: step.data.metrics },
    };
  }
  if (head.kind !== 'sample')
    return {
      kind: 'problem',
      message: `kind: expected "sample" or "step", got ${JSON.stringify(head.kind)}`,
    };
  const parsed = SampleRecordSchema.safeParse(json);
  if (!parsed.success) return { kind: 'problem', message: describeIssues(parsed.error) };
  const s = parsed.data;
  const { errors, warnings } = annotate(s);
  return {
    kind: 'sample',
    entry: {
      step: s.step,
      evaluation: s.evaluation,
      group: s.group,
      index: s.index,
      status: s.status,
      reward: s.reward,
      shapedReward: s.shapedReward ?? null,
      errors,
      warnings,
      task: str(s.metadata['task_id']) ?? str(s.metadata['task_index']),
      domain: str(s.metadata['domain']),
    },
  };
}
