import { INDEXED_STATUSES } from './sampleIndex';
import type { IndexedStatus, SampleEntry } from './sampleIndex';
import { StringTable } from './stringTable';

// The store's sample index, one column per field: typed arrays for numbers and enums, ids into one
// string table for task ids, domains and prompt hashes. A million samples take 70 bytes each here,
// where one object per sample took about a kilobyte of heap. A sample is named by its position
// (`seq`, the order it was committed in); `at` makes an entry object for code that wants one.
//
// On disk (samples.bin) each sample is one fixed-width little-endian row, appended as samples commit and
// rewritten in place when its diagnostics are counted; see ROW_BYTES for the layout.

/** Bytes of one samples.bin row: a multiple of 8, so a chunk of rows is read through typed-array views. */
export const ROW_BYTES = 72;
// Field positions within a row.
const R_OFFSET = 0; // f64: where the record's line starts in records.jsonl
const R_REWARD = 8; // f64, NaN for null
const R_SHAPED = 16; // f64, NaN for null
const R_LENGTH = 24; // u32: the line's length without its newline
const R_LINE = 28; // u32: the line in the box's file, 0 when not known
const R_STEP = 32; // i32
const R_GROUP = 36; // i32
const R_INDEX = 40; // i32
const R_ERRORS = 44; // i32, -1 while not counted
const R_WARNINGS = 48; // i32, -1 while not counted
const R_TASK = 52; // i32 string id, -1 for null
const R_DOMAIN = 56; // i32 string id, -1 for null
const R_PROMPT = 60; // i32 string id, -1 for null
const R_STATUS = 64; // u8: position in INDEXED_STATUSES
const R_EVALUATION = 65; // u8: 1 for an evaluation sample
// Bytes 66 and 67 are zero.
const R_DROPPED = 68; // i32: of the errors, calls SGLang's parse loses; -1 while not counted (format 4 on)

const MIN_CAPACITY = 1024;

/** A sample's fields as `push` takes them: an entry with its place in the mirror. */
export type NewSample = Omit<SampleEntry, 'errors' | 'warnings'> & {
  errors: number | null;
  warnings: number | null;
};

export class SampleColumns {
  readonly strings = new StringTable();
  private count = 0;
  private capacity = 0;
  private offsets = new Float64Array(0);
  private rewards = new Float64Array(0);
  private shaped = new Float64Array(0);
  private lengths = new Uint32Array(0);
  private lines = new Uint32Array(0);
  private steps = new Int32Array(0);
  private groups = new Int32Array(0);
  private indexes = new Int32Array(0);
  private errorCounts = new Int32Array(0);
  private warningCounts = new Int32Array(0);
  private droppedCounts = new Int32Array(0);
  private tasks = new Int32Array(0);
  private domains = new Int32Array(0);
  private prompts = new Int32Array(0);
  private statuses = new Uint8Array(0);
  private evaluations = new Uint8Array(0);

  get length(): number {
    return this.count;
  }

  offset(seq: number): number {
    return this.offsets[seq]!;
  }
  /** The record's length in the mirror, without its newline. */
  byteLength(seq: number): number {
    return this.lengths[seq]!;
  }
  step(seq: number): number {
    return this.steps[seq]!;
  }
  evaluation(seq: number): boolean {
    return this.evaluations[seq] === 1;
  }
  group(seq: number): number {
    return this.groups[seq]!;
  }
  index(seq: number): number {
    return this.indexes[seq]!;
  }
  status(seq: number): IndexedStatus {
    return INDEXED_STATUSES[this.statuses[seq]!] ?? 'failed';
  }
  reward(seq: number): number | null {
    const r = this.rewards[seq]!;
    return Number.isNaN(r) ? null : r;
  }
  shapedReward(seq: number): number | null {
    const r = this.shaped[seq]!;
    return Number.isNaN(r) ? null : r;
  }
  errors(seq: number): number | null {
    const n = this.errorCounts[seq]!;
    return n < 0 ? null : n;
  }
  warnings(seq: number): number | null {
    const n = this.warningCounts[seq]!;
    return n < 0 ? null : n;
  }
  /** Of the errors, calls SGLang's parse loses (parse failures); null while not counted. */
  dropped(seq: number): number | null {
    const n = this.droppedCounts[seq]!;
    return n < 0 ? null : n;
  }
  /** The task's string id (-1 for none): equal ids are equal tasks, compared without the text. */
  taskId(seq: number): number {
    return this.tasks[seq]!;
  }
  task(seq: number): string | null {
    return this.strings.text(this.tasks[seq]!);
  }
  domainId(seq: number): number {
    return this.domains[seq]!;
  }
  domain(seq: number): string | null {
    return this.strings.text(this.domains[seq]!);
  }
  promptHash(seq: number): string | null {
    return this.strings.text(this.prompts[seq]!);
  }

  /** The sample as an entry object: a copy, so diagnostics counted later are read by calling again. */
  at(seq: number): SampleEntry | undefined {
    if (seq < 0 || seq >= this.count) return undefined;
    const entry: SampleEntry = {
      offset: this.offsets[seq]!,
      length: this.lengths[seq]!,
      step: this.steps[seq]!,
      evaluation: this.evaluations[seq] === 1,
      group: this.groups[seq]!,
      index: this.indexes[seq]!,
      status: this.status(seq),
      reward: this.reward(seq),
      shapedReward: this.shapedReward(seq),
      errors: this.errors(seq),
      warnings: this.warnings(seq),
      task: this.task(seq),
      domain: this.domain(seq),
      promptHash: this.promptHash(seq),
    };
    const line = this.lines[seq]!;
    if (line > 0) entry.line = line;
    const dropped = this.droppedCounts[seq]!;
    if (dropped >= 0) entry.dropped = dropped;
    return entry;
  }

  /** Entries seq `from` up to `to`, as at() makes them. */
  slice(from = 0, to = this.count): SampleEntry[] {
    const out: SampleEntry[] = [];
    for (let seq = Math.max(0, from); seq < Math.min(to, this.count); seq++) out.push(this.at(seq)!);
    return out;
  }

  /** Appends a sample; its seq is the length before. */
  push(e: NewSample): number {
    const seq = this.count;
    if (seq === this.capacity) this.grow(Math.max(MIN_CAPACITY, this.capacity * 2));
    this.offsets[seq] = e.offset;
    this.lengths[seq] = e.length;
    this.lines[seq] = e.line ?? 0;
    this.steps[seq] = e.step;
    this.evaluations[seq] = e.evaluation ? 1 : 0;
    this.groups[seq] = e.group;
    this.indexes[seq] = e.index;
    this.statuses[seq] = Math.max(0, INDEXED_STATUSES.indexOf(e.status));
    this.rewards[seq] = e.reward ?? NaN;
    this.shaped[seq] = e.shapedReward ?? NaN;
    this.errorCounts[seq] = e.errors ?? -1;
    this.warningCounts[seq] = e.warnings ?? -1;
    // Counted diagnostics always carry their parse failures; an entry that says none had none.
    this.droppedCounts[seq] = e.errors === null ? -1 : (e.dropped ?? 0);
    this.tasks[seq] = this.strings.intern(e.task);
    this.domains[seq] = this.strings.intern(e.domain);
    this.prompts[seq] = this.strings.intern(e.promptHash);
    this.count = seq + 1;
    return seq;
  }

  setDiagnostics(seq: number, errors: number, warnings: number, dropped: number): void {
    this.errorCounts[seq] = errors;
    this.warningCounts[seq] = warnings;
    this.droppedCounts[seq] = dropped;
  }

  /** Marks every sample's diagnostics as not counted, so the store's pass counts them again. */
  forgetDiagnostics(): void {
    for (let seq = 0; seq < this.count; seq++) this.clearDiagnostics(seq);
  }

  /** Marks the sample uncounted, as a new row is until the diagnostics pass reaches it. */
  clearDiagnostics(seq: number): void {
    this.errorCounts[seq] = -1;
    this.warningCounts[seq] = -1;
    this.droppedCounts[seq] = -1;
  }

  clear(): void {
    this.count = 0;
    this.capacity = 0;
    this.grow(0);
    this.strings.clear();
  }

  /** Rows from..to as samples.bin holds them. */
  encodeRows(from: number, to: number): Buffer {
    const out = Buffer.alloc((to - from) * ROW_BYTES);
    for (let seq = from; seq < to; seq++) {
      const at = (seq - from) * ROW_BYTES;
      out.writeDoubleLE(this.offsets[seq]!, at + R_OFFSET);
      out.writeDoubleLE(this.rewards[seq]!, at + R_REWARD);
      out.writeDoubleLE(this.shaped[seq]!, at + R_SHAPED);
      out.writeUInt32LE(this.lengths[seq]!, at + R_LENGTH);
      out.writeUInt32LE(this.lines[seq]!, at + R_LINE);
      out.writeInt32LE(this.steps[seq]!, at + R_STEP);
      out.writeInt32LE(this.groups[seq]!, at + R_GROUP);
      out.writeInt32LE(this.indexes[seq]!, at + R_INDEX);
      out.writeInt32LE(this.errorCounts[seq]!, at + R_ERRORS);
      out.writeInt32LE(this.warningCounts[seq]!, at + R_WARNINGS);
      out.writeInt32LE(this.tasks[seq]!, at + R_TASK);
      out.writeInt32LE(this.domains[seq]!, at + R_DOMAIN);
      out.writeInt32LE(this.prompts[seq]!, at + R_PROMPT);
      out.writeInt32LE(this.droppedCounts[seq]!, at + R_DROPPED);
      out[at + R_STATUS] = this.statuses[seq]!;
      out[at + R_EVALUATION] = this.evaluations[seq]!;
    }
    return out;
  }

  /** Makes room for `more` rows at once (a store being opened knows how many it will read). */
  reserve(more: number): void {
    if (this.count + more > this.capacity) this.grow(this.count + more);
  }

  /**
   * Appends whole samples.bin rows. String ids in them must already be in `strings` (the index's string
   * rows are read first).
   */
  decodeRows(rows: Buffer): void {
    const n = Math.floor(rows.length / ROW_BYTES);
    this.reserve(n);
    // Typed views read in the machine's byte order: little-endian on every platform VS Code runs on (x64,
    // arm64), as the rows are written. They need aligned memory, which a slice at an odd place lacks.
    const aligned = rows.byteOffset % 8 === 0 ? rows : Buffer.from(rows);
    const f64 = new Float64Array(aligned.buffer, aligned.byteOffset, (n * ROW_BYTES) / 8);
    const u32 = new Uint32Array(aligned.buffer, aligned.byteOffset, (n * ROW_BYTES) / 4);
    const i32 = new Int32Array(aligned.buffer, aligned.byteOffset, (n * ROW_BYTES) / 4);
    const u8 = new Uint8Array(aligned.buffer, aligned.byteOffset, n * ROW_BYTES);
    const W8 = ROW_BYTES / 8;
    const W4 = ROW_BYTES / 4;
    for (let k = 0; k < n; k++) {
      const seq = this.count + k;
      const q = k * W8;
      const w = k * W4;
      this.offsets[seq] = f64[q + R_OFFSET / 8]!;
      this.rewards[seq] = f64[q + R_REWARD / 8]!;
      this.shaped[seq] = f64[q + R_SHAPED / 8]!;
      this.lengths[seq] = u32[w + R_LENGTH / 4]!;
      this.lines[seq] = u32[w + R_LINE / 4]!;
      this.steps[seq] = i32[w + R_STEP / 4]!;
      this.groups[seq] = i32[w + R_GROUP / 4]!;
      this.indexes[seq] = i32[w + R_INDEX / 4]!;
      this.errorCounts[seq] = i32[w + R_ERRORS / 4]!;
      this.warningCounts[seq] = i32[w + R_WARNINGS / 4]!;
      this.tasks[seq] = i32[w + R_TASK / 4]!;
      this.domains[seq] = i32[w + R_DOMAIN / 4]!;
      this.prompts[seq] = i32[w + R_PROMPT / 4]!;
      this.droppedCounts[seq] = i32[w + R_DROPPED / 4]!;
      this.statuses[seq] = u8[k * ROW_BYTES + R_STATUS]!;
      this.evaluations[seq] = u8[k * ROW_BYTES + R_EVALUATION]!;
    }
    this.count += n;
  }

  private grow(capacity: number): void {
    const n = this.count;
    const f64 = (a: Float64Array) => {
      const b = new Float64Array(capacity);
      b.set(a.subarray(0, n));
      return b;
    };
    const u32 = (a: Uint32Array) => {
      const b = new Uint32Array(capacity);
      b.set(a.subarray(0, n));
      return b;
    };
    const i32 = (a: Int32Array) => {
      const b = new Int32Array(capacity);
      b.set(a.subarray(0, n));
      return b;
    };
    const u8 = (a: Uint8Array) => {
      const b = new Uint8Array(capacity);
      b.set(a.subarray(0, n));
      return b;
    };
    this.offsets = f64(this.offsets);
    this.rewards = f64(this.rewards);
    this.shaped = f64(this.shaped);
    this.lengths = u32(this.lengths);
    this.lines = u32(this.lines);
    this.steps = i32(this.steps);
    this.groups = i32(this.groups);
    this.indexes = i32(this.indexes);
    this.errorCounts = i32(this.errorCounts);
    this.warningCounts = i32(this.warningCounts);
    this.droppedCounts = i32(this.droppedCounts);
    this.tasks = i32(this.tasks);
    this.domains = i32(this.domains);
    this.prompts = i32(this.prompts);
    this.statuses = u8(this.statuses);
    this.evaluations = u8(this.evaluations);
    this.capacity = capacity;
  }
}
