import { createLineMemory, readLineHead } from './lineHead';
import { LINE_RULES, readStepLine } from './recordEntry';
import type { LineMemory } from './lineHead';
import type { ReadRecord } from './recordEntry';
import type { IndexedStatus } from './sampleIndex';

// The box's heads index of a run (media/rollout_heads.py writes it): one JSON array per line of the run's
// rollouts.jsonl. A v2 sample is a flat row of its index fields,
// `[offset, length, line, promptHash, v, step, evaluation, group, index, status, reward, shapedReward,
// taskId, domain]` (a third of the bytes of its head as an object, and quicker to parse: a run's heads
// arrive by the hundred thousand); any other line is `[offset, length, line, head, promptHash]`. A head
// the quick check refuses goes through the same reader as a mirrored line (readLineHead), so a run browsed
// by its heads lists the same samples, steps and unreadable lines, with the same messages, as the mirrored
// run; only the prompt hash is made on the box, where the prompt is.

/** A flat sample row's fields after offset, length, line and promptHash, as the script writes them. */
export const SAMPLE_ROW = [
  'v',
  'step',
  'evaluation',
  'group',
  'index',
  'status',
  'reward',
  'shapedReward',
  'taskId',
  'domain',
] as const;
const SAMPLE_ROW_LENGTH = 4 + SAMPLE_ROW.length;

/** One line of the box's rollouts.jsonl, as its heads index describes it. */
export interface HeadsEntry {
  /** Where the line sits in the box's file (newline excluded), and its 1-based number there. */
  offset: number;
  length: number;
  line: number;
  read: ReadRecord;
}

/** Reads the lines of a heads index; remembers across lines what the line reader remembers. */
export class HeadsReader {
  private readonly memory: LineMemory = createLineMemory();

  /**
   * The entry one heads line describes; undefined for the index's header and status lines (JSON objects).
   * `where` names the line for errors (the index is the box's, written by our script: a bad line is a bug
   * or a damaged file, and the run's heads must be made again).
   */
  read(text: string, where: string): HeadsEntry | undefined {
    if (text.startsWith('{')) return undefined;
    let row: unknown;
    try {
      row = JSON.parse(text);
    } catch (e) {
      throw new Error(`${where}: not a heads index line (${(e as Error).message})`, { cause: e });
    }
    const cells: unknown[] = Array.isArray(row) ? row : [];
    const flat = cells.length === SAMPLE_ROW_LENGTH;
    // Indexing, not destructuring, and one literal per entry: this runs once per sample of the run.
    const offset = cells[0];
    const length = cells[1];
    const line = cells[2];
    if (!isCount(offset) || !isCount(length) || !isCount(line) || (!flat && cells.length !== 5)) {
      throw new Error(`${where}: expected [offset, length, line, head, promptHash] or a sample's row`);
    }
    const hash = flat ? cells[3] : cells[4];
    const head = flat ? sampleHead(cells) : cells[3];
    if (head === null) {
      return {
        offset,
        length,
        line,
        read: { kind: 'problem', message: `not valid JSON: a line of ${length} bytes` },
      };
    }
    const quick = typeof head === 'object' ? quickSample(head as Record<string, unknown>, hash) : undefined;
    if (quick) return { offset, length, line, read: quick };
    const at = { offset, length, line };
    const recordText = typeof head === 'string' ? head : JSON.stringify(head);
    const bytes = Buffer.from(recordText);
    const read = readLineHead(bytes, 0, bytes.length, LINE_RULES, this.memory);
    if (read.kind === 'step') return { ...at, read: readStepLine(recordText) };
    // A raw line was read whole here, its prompt with it; a head's prompt was hashed on the box.
    if (read.kind === 'sample' && typeof head !== 'string') {
      read.entry.promptHash = typeof hash === 'string' ? hash : null;
    }
    return { ...at, read };
  }
}

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

/** Where each field of a flat sample row sits. */
const AT = Object.fromEntries(SAMPLE_ROW.map((k, i) => [k, 4 + i])) as Record<
  (typeof SAMPLE_ROW)[number],
  number
>;
const NO_MESSAGES: readonly unknown[] = [];

/**
 * The head a flat sample row stands for. The script writes one only for a head with a numeric `ts`, which
 * the index does not keep, so any number stands in for it. One literal, in a record's own order with
 * `messages` last (readLineHead reads a head up to its turns): a run's rows come by the hundred thousand,
 * and a literal of one shape is several times quicker to build than properties added one by one.
 */
function sampleHead(c: readonly unknown[]): Record<string, unknown> {
  return {
    kind: 'sample',
    ts: 0,
    v: c[AT.v],
    step: c[AT.step],
    evaluation: c[AT.evaluation],
    group: c[AT.group],
    index: c[AT.index],
    status: c[AT.status],
    reward: c[AT.reward],
    shapedReward: c[AT.shapedReward],
    taskId: c[AT.taskId],
    domain: c[AT.domain],
    messages: NO_MESSAGES,
  };
}

/**
 * A v2 sample head whose fields are all as readLineHead requires, read straight from the parsed head (the
 * run's heads arrive by the hundred thousand); anything else, undefined, and the caller reads it through
 * readLineHead, which says what is wrong. A v2 head names its task and domain in its own fields.
 */
function quickSample(h: Record<string, unknown>, hash: unknown): ReadRecord | undefined {
  const str = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null);
  if (
    h.kind !== 'sample' ||
    typeof h.v !== 'number' ||
    h.v < 2 ||
    h.v > LINE_RULES.version ||
    typeof h.ts !== 'number' ||
    !isCount(h.step) ||
    typeof h.evaluation !== 'boolean' ||
    !isCount(h.group) ||
    !isCount(h.index) ||
    typeof h.status !== 'string' ||
    !LINE_RULES.statuses.includes(h.status) ||
    (h.reward !== null && typeof h.reward !== 'number') ||
    !Array.isArray(h.messages)
  ) {
    return undefined;
  }
  return {
    kind: 'sample',
    entry: {
      step: h.step,
      evaluation: h.evaluation,
      group: h.group,
      index: h.index,
      status: h.status as IndexedStatus,
      reward: h.reward as number | null,
      shapedReward: typeof h.shapedReward === 'number' ? h.shapedReward : null,
      errors: null,
      warnings: null,
      task: str(h.taskId),
      domain: str(h.domain),
      promptHash: typeof hash === 'string' ? hash : null,
    },
  };
}
