import { SampleStatusSchema, StepRecordSchema, TAP_RECORD_VERSION } from '../records/tapRecord';
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

/**
 * Reads one rollouts.jsonl line into an index entry, or says what is wrong with it (field and reason).
 * Tool-call diagnostics are left pending (null): counting them costs as much as reading the line, so
 * the store fills them in a background pass after the row is committed.
 */
export function readRecordLine(text: string): ReadRecord {
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
  // Only the fields the index needs are checked here; the whole record is validated when its body is
  // read. Full validation of every record on arrival cost more than the transfer itself.
  const s = json as Record<string, unknown>;
  const problem = indexFieldProblem(s);
  if (problem) return { kind: 'problem', message: problem };
  const metadata = (typeof s.metadata === 'object' && s.metadata !== null ? s.metadata : {}) as Record<
    string,
    unknown
  >;
  return {
    kind: 'sample',
    entry: {
      step: s.step as number,
      evaluation: s.evaluation as boolean,
      group: s.group as number,
      index: s.index as number,
      status: s.status as SampleRecord['status'],
      reward: s.reward as number | null,
      shapedReward: typeof s.shapedReward === 'number' ? s.shapedReward : null,
      errors: null,
      warnings: null,
      task: str(s.taskId) ?? str(metadata['task_id']) ?? str(metadata['task_index']),
      domain: str(s.domain) ?? str(metadata['domain']),
    },
  };
}

const STATUSES = new Set(SampleStatusSchema.options as readonly string[]);
const isCount = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 0;

function indexFieldProblem(s: Record<string, unknown>): string | undefined {
  if (typeof s.ts !== 'number') return 'ts: expected a number';
  if (!isCount(s.step)) return 'step: expected a non-negative integer';
  if (typeof s.evaluation !== 'boolean') return 'evaluation: expected a boolean';
  if (!isCount(s.group)) return 'group: expected a non-negative integer';
  if (!isCount(s.index)) return 'index: expected a non-negative integer';
  if (typeof s.status !== 'string' || !STATUSES.has(s.status))
    return `status: expected one of ${[...STATUSES].join(', ')}`;
  if (s.reward !== null && typeof s.reward !== 'number') return 'reward: expected a number or null';
  if (!Array.isArray(s.messages)) return 'messages: expected an array';
  for (const [i, m] of (s.messages as unknown[]).entries()) {
    const msg = m as { role?: unknown; content?: unknown } | null;
    if (
      typeof msg !== 'object' ||
      msg === null ||
      typeof msg.content !== 'string' ||
      typeof msg.role !== 'string'
    ) {
      return `messages.${i}: expected {role, content} with string content`;
    }
  }
  return undefined;
}
