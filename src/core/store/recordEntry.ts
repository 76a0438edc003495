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

/**
 * Reads one rollouts.jsonl line into a sample's index entry, or says what is wrong with it (field and
 * reason). Only the fields the index needs are checked; the whole record is validated when its body is
 * read, since full validation of every record on arrival cost more than the transfer itself.
 * Tool-call diagnostics are left pending (null): the store counts them after the row is committed.
 *
 * Self-contained (no outside names; rules and the prompt hash passed in), because the store runs it in a
 * worker thread from its source text.
 */
export function readLineHead(
  text: string,
  rules: LineRules,
  hashPrompt: (messages: readonly { role: string; content: string }[]) => string | null,
): LineHead {
  const str = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null);
  const isCount = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 0;
  const fieldProblem = (s: Record<string, unknown>): string | undefined => {
    if (typeof s.ts !== 'number') return 'ts: expected a number';
    if (!isCount(s.step)) return 'step: expected a non-negative integer';
    if (typeof s.evaluation !== 'boolean') return 'evaluation: expected a boolean';
    if (!isCount(s.group)) return 'group: expected a non-negative integer';
    if (!isCount(s.index)) return 'index: expected a non-negative integer';
    if (typeof s.status !== 'string' || !rules.statuses.includes(s.status))
      return `status: expected one of ${rules.statuses.join(', ')}`;
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
  };

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
  if (typeof head.v === 'number' && head.v > rules.version) {
    return {
      kind: 'problem',
      message: `record format v${head.v} is newer than this extension reads (v${rules.version}); update Rollout Studio`,
    };
  }
  if (head.kind === 'step') return { kind: 'step' };
  if (head.kind !== 'sample')
    return {
      kind: 'problem',
      message: `kind: expected "sample" or "step", got ${JSON.stringify(head.kind)}`,
    };
  const s = json as Record<string, unknown>;
  const problem = fieldProblem(s);
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
      promptHash: hashPrompt(s.messages as { role: string; content: string }[]),
    },
  };
}

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

/**
 * Hash of the messages before the first assistant turn (system prompt and task), so the same task is
 * found in other runs when records carry no task id. Null when the record has no prompt messages.
 * Two 32-bit FNV-1a lanes over the UTF-16 code units: no imports, because it runs in the line-reading
 * worker from its source text too (a match only groups samples, so it need not be cryptographic).
 */
export function promptHash(messages: readonly { role: string; content: string }[]): string | null {
  const end = messages.findIndex((m) => m.role === 'assistant');
  const prompt = end < 0 ? messages : messages.slice(0, end);
  if (prompt.length === 0) return null;
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x9e3779b9;
  const feed = (text: string) => {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x01000193) ^ (b >>> 15);
    }
    a = Math.imul(a ^ 0, 0x01000193);
    b = Math.imul(b ^ 0, 0x01000193) ^ (b >>> 15);
  };
  for (const m of prompt) {
    feed(m.role);
    feed(m.content);
  }
  const hex = (n: number) => (n >>> 0).toString(16).padStart(8, '0');
  return hex(a) + hex(b);
}
