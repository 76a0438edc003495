// What the index knows of each sample and step record, and index.jsonl's rows: step records, unreadable
// lines and the string table's strings as compact JSON arrays, one per line. Samples themselves are kept
// in columns (sampleColumns.ts); the 's' and 'd' rows here are what store formats 1 and 2 kept them in,
// read only to migrate such a store.

export type IndexedStatus = 'completed' | 'truncated' | 'aborted' | 'failed' | 'pending';
/** Rows store a status as its position here: new ones go at the end, so older indexes read the same. */
export const INDEXED_STATUSES: readonly IndexedStatus[] = [
  'completed',
  'truncated',
  'aborted',
  'failed',
  'pending',
];

export interface SampleEntry {
  /** Where the record's line sits in the local mirror. */
  offset: number;
  length: number;
  step: number;
  evaluation: boolean;
  group: number;
  index: number;
  status: IndexedStatus;
  reward: number | null;
  shapedReward: number | null;
  /** Tool-call diagnostics over the sample's assistant turns; null while the store has not counted them yet. */
  errors: number | null;
  warnings: number | null;
  /** Of the errors, calls SGLang's parse loses (parse failures); set with them once counted. */
  dropped?: number;
  /** Task or prompt id and domain where the record names them. */
  task: string | null;
  domain: string | null;
  /**
   * A short hash of the prompt (the messages before the first assistant turn): what identifies the task
   * across runs when the record names no task id.
   */
  promptHash: string | null;
  /** The record's line in the box's file, for reports about it; absent in rows written before it was kept. */
  line?: number;
}

export interface StepEntry {
  step: number;
  evaluation: boolean;
  metrics: Record<string, number>;
  /**
   * The samples the step record says went to the trainer, as `[group, index]` pairs; undefined when the
   * step record lists none (eval steps, older taps).
   */
  trained?: [number, number][];
  /** The reward range the step record declares. */
  rewardRange?: [number, number];
}

/** Train and eval steps share numbers; this keeps them apart wherever steps are looked up. */
export const stepKey = (step: number, evaluation: boolean) => `${evaluation ? 'eval' : 'train'}:${step}`;

export interface ReadProblem {
  /** 1-based line in the source file. */
  line: number;
  message: string;
}

type Row =
  | [
      's',
      number,
      number,
      number,
      0 | 1,
      number,
      number,
      number,
      number | null,
      number | null,
      number | null,
      number | null,
      string | null,
      string | null,
      string | null,
      number?,
    ]
  | ['d', number, number, number, number?]
  | ['t', number, 0 | 1, Record<string, number>, [number, number][] | null, [number, number] | null]
  | ['p', number, string]
  | ['k', number, string];

export function encodeStep(e: StepEntry): string {
  const row: Row = ['t', e.step, e.evaluation ? 1 : 0, e.metrics, e.trained ?? null, e.rewardRange ?? null];
  return JSON.stringify(row);
}

export function encodeProblem(p: ReadProblem): string {
  return JSON.stringify(['p', p.line, p.message] satisfies Row);
}

/** A string table entry (task id, domain, prompt hash) and its id, which sample rows refer to. */
export function encodeString(id: number, text: string): string {
  return JSON.stringify(['k', id, text] satisfies Row);
}

/** Diagnostics counted after the sample's own row was committed (format 2); named by the sample's offset. */
export interface Diagnosed {
  offset: number;
  errors: number;
  warnings: number;
  /** Absent in rows written before parse failures were counted apart: such a sample is counted again. */
  dropped?: number;
}

export type DecodedRow =
  | { kind: 'sample'; entry: SampleEntry }
  | { kind: 'diagnosed'; diagnosed: Diagnosed }
  | { kind: 'step'; entry: StepEntry }
  | { kind: 'problem'; problem: ReadProblem }
  | { kind: 'string'; id: number; text: string };

/** Decodes one index line; undefined for a line this version does not know (skipped, not fatal). */
export function decodeRow(line: string): DecodedRow | undefined {
  const row = JSON.parse(line) as Row;
  switch (row[0]) {
    case 's': {
      const entry: SampleEntry = {
        offset: row[1],
        length: row[2],
        step: row[3],
        evaluation: row[4] === 1,
        group: row[5],
        index: row[6],
        status: INDEXED_STATUSES[row[7]] ?? 'failed',
        reward: row[8],
        shapedReward: row[9],
        errors: row[10],
        warnings: row[11],
        task: row[12],
        domain: row[13],
        promptHash: row[14] ?? null,
      };
      if (typeof row[15] === 'number') entry.line = row[15];
      return { kind: 'sample', entry };
    }
    case 't': {
      const entry: StepEntry = { step: row[1], evaluation: row[2] === 1, metrics: row[3] };
      if (Array.isArray(row[4])) entry.trained = row[4];
      if (Array.isArray(row[5])) entry.rewardRange = row[5];
      return { kind: 'step', entry };
    }
    case 'p':
      return { kind: 'problem', problem: { line: row[1], message: row[2] } };
    case 'd':
      return {
        kind: 'diagnosed',
        diagnosed: {
          offset: row[1],
          errors: row[2],
          warnings: row[3],
          ...(typeof row[4] === 'number' ? { dropped: row[4] } : {}),
        },
      };
    case 'k':
      return { kind: 'string', id: row[1], text: row[2] };
    default:
      return undefined;
  }
}
