import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { SampleRecordSchema } from '../records/tapRecord';
import { tooDeepAt, tooDeepReason } from '../../shared/jsonDepth';
import type { SampleRecord } from '../records/tapRecord';
import { diagnoseRecord } from './diagnoseRecord';
import type { Diagnosis } from './diagnoseRecord';
import { diagnoseThreads } from './diagnoseThreads';
import type { DiagnoseThreads } from './diagnoseThreads';
import { FetchedBodies } from './bodySource';
import type { BodySource } from './bodySource';
import type { HeadsEntry } from './headsLine';
import { LineBatcher } from './lineBatcher';
import { textMatcher } from './visibleText';
import { lockStore } from './storeLock';
import type { BatchLine, LineBatch } from './lineBatcher';
import { lineReader } from './lineReader';
import { createLineMemory, readLineHead } from './lineHead';
import { LINE_RULES, readStepLine } from './recordEntry';
import type { Annotate, LineHead, ReadRecord } from './recordEntry';
import { ROW_BYTES, SampleColumns } from './sampleColumns';
import { decodeRow, encodeProblem, encodeStep, encodeString, stepKey } from './sampleIndex';
import type { ReadProblem, SampleEntry, StepEntry } from './sampleIndex';
import { TextSearch } from './textSearch';
import type { WorkControl } from '../work/slicedWork';

// A local, append-only copy of one run's rollouts.jsonl plus an index of its samples.
//   records.jsonl  the records, byte for byte as they arrived (valid ones only)
//   samples.bin    one fixed-width row per sample (sampleColumns.ts), appended as samples commit; a
//                  row's diagnostic counts are rewritten in place once counted
//   index.jsonl    one compact row per step record, unreadable line and string-table string
//   meta.json      the commit point: how far each file and the remote file are known good
// A heads-only store (StoreOptions.bodies 'box') keeps no records.jsonl bytes: it is filled from the box's
// heads index (headsLine.ts), its rows' offsets are the box file's, its remote offset is the heads index's,
// and a body is read from the box by byte range when it is asked for (readSample).
// A crash between writes loses nothing: on open, the files are cut back to what meta.json commits,
// and the follower resumes at the remote offset it names. Counts rewritten in place before a crash are
// true whether or not their meta.json was written; counts not written are counted again.

// Format 4 adds each sample's parse failures to its samples.bin row; format 3 keeps samples in samples.bin
// and strings once each; format 2 kept a JSON row per sample (and a `d` row for counts filled in later),
// format 1 kept no trained lists or prompt hashes. Older stores are migrated on open from their own files
// (nothing is fetched again, nothing is lost); counts made before parse failures were kept apart are
// counted again, once.
export const STORE_FORMAT = 4;
/** Bytes of samples.bin read at a time when a store opens: the rows never sit in memory twice whole. */
const OPEN_READ_BYTES = 4 * 1024 * 1024;
// While lines stream in, the diagnostics pass works in short slices and leaves most of the thread to
// them; once the stream is quiet it runs flat out.
const DIAGNOSE_SLICE_MS = 5;
const DIAGNOSE_BUSY_PAUSE_MS = 245;
const STREAM_QUIET_MS = 200;
const DIAGNOSE_READ_BYTES = 4 * 1024 * 1024;
// While lines stream in, the threads get smaller chunks, so the pass follows the stream closely.
const DIAGNOSE_STREAMING_READ_BYTES = 1024 * 1024;
// Enough for the batches a fast stream has in flight between two flushes; dropped once it is quiet.
const MAX_SPARE_BUFFERS = 32;
const SPARES_KEPT_MS = 2000;

interface StoreMeta {
  format: number;
  /** What is mirrored, e.g. "box:/home/u/.rollout-studio/runs/x/rollouts.jsonl". */
  source: string;
  /** Inode of the remote file the offsets refer to; a different inode means the run was restarted. */
  remoteIno: number | null;
  remoteOffset: number;
  remoteLines: number;
  mirrorBytes: number;
  indexBytes: number;
  /** Committed rows of samples.bin (format 3 on). */
  sampleRows: number;
  /** Earlier generations (restarted runs) are kept beside the current files, never deleted. */
  generation: number;
  /** The profile the committed counts were made under (StoreOptions.annotateKey), when one is named. */
  countKey?: string;
  /** 'box': a heads-only store (the bodies stay on the box); absent for a mirror. */
  bodies?: 'box';
}

export interface StoreOptions {
  /** Counts a sample's tool-call diagnostics; run in the background, after the sample is committed. */
  annotate: Annotate;
  /**
   * Names what `annotate` counts under (the parser profile). Counts committed under another name are made
   * again; without it the committed counts are kept whatever made them.
   */
  annotateKey?: string;
  /** Lines longer than this are skipped and reported (default 16 MB). */
  maxLineBytes?: number;
  /**
   * 'mirror' (default): every record is copied here. 'box': only the heads (ingestHeads); bodies are read
   * from the box through setBodySource when a sample is opened, and counted then.
   */
  bodies?: 'mirror' | 'box';
}

/** What a body search (searchText) looked through. */
export interface SearchScope {
  /** 'local': every record, in the mirror; 'fetched': the bodies fetched from the box so far. */
  where: 'local' | 'fetched';
  bodies: number;
  samples: number;
}

export interface StoreChange {
  samples: number;
  steps: number;
  problems: number;
  /** Samples whose diagnostics were filled in (they were announced before, as pending). */
  diagnosed: number;
}

export class RunStore {
  readonly samples = new SampleColumns();
  readonly steps = new Map<string, StepEntry>();
  readonly problems: ReadProblem[] = [];
  private batcher!: LineBatcher;
  /** Batches sent to the reader thread, applied in order as they come back. */
  private reading: Promise<void> = Promise.resolve();
  private readFailure: Error | undefined;
  /** Changes whenever the splitter restarts, so batches of an abandoned stream are never applied. */
  private epoch = 0;
  /** Just past the last line applied to the queues below, and how many lines that makes. */
  private appliedOffset!: number;
  private appliedLines!: number;
  /** Slices of batch buffers, each a run of consecutive accepted lines with their newlines. */
  private mirrorQueue: Buffer[] = [];
  /** Batch buffers the mirror has written, for the batcher to fill again. */
  private spareBuffers: ArrayBuffer[] = [];
  private spareTimer: NodeJS.Timeout | undefined;
  /** Gives up the store folder's lock (see storeLock.ts). */
  private release: () => Promise<void> = async () => {};
  /** The run being extended: bytes runStart..runEnd of runBuffer, not yet in mirrorQueue. */
  private runBuffer: Buffer | undefined;
  private runStart = 0;
  private runEnd = 0;
  private indexQueue: string[] = [];
  /** Samples from this seq on have no committed row yet; strings from this id on, no index row. */
  private rowsWritten = 0;
  private stringsWritten = 0;
  /** Committed samples whose diagnostics were counted since the last flush, for their rows to be rewritten. */
  private diagnosedQueue: number[] = [];
  private pendingMirrorBytes = 0;
  /** Where the next accepted line lands in the mirror, counting lines not yet flushed. */
  private mirrorEnd: number;
  private writing: Promise<void> = Promise.resolve();
  private metaWrite: Promise<void> = Promise.resolve();
  private listeners: ((c: StoreChange) => void)[] = [];
  private unannounced: StoreChange = { samples: 0, steps: 0, problems: 0, diagnosed: 0 };
  /** Every sample before this position in `samples` has its diagnostics. */
  private diagnoseCursor = 0;
  private diagnosing: Promise<void> | undefined;
  private diagnoseFailure: Error | undefined;
  /** Asked for while a pass was finishing: run another, which finds what the finished one left. */
  private diagnoseAgain = false;
  private annotateFn: Annotate;
  /** The profile the counts in memory are made under; meta.json takes it with the rows it rewrote. */
  private countKey: string | undefined;
  /** Bumped when the profile changes, so a pass under way drops what it counted under the old one. */
  private countEpoch = 0;
  private lastIngestAt = 0;
  private closed = false;
  private bodySource: BodySource | undefined;
  /** A heads-only store's bodies read from the box, for searches and for opening them again. */
  private readonly fetched = new FetchedBodies();

  private constructor(
    readonly dir: string,
    private meta: StoreMeta,
    private readonly options: StoreOptions,
  ) {
    this.mirrorEnd = meta.mirrorBytes;
    this.annotateFn = options.annotate;
    this.countKey = meta.countKey;
    this.resetBatcher();
  }

  static async open(dir: string, source: string, options: StoreOptions): Promise<RunStore> {
    await fs.mkdir(dir, { recursive: true });
    const release = await lockStore(dir);
    try {
      const store = await RunStore.openLocked(dir, source, options);
      store.release = release;
      return store;
    } catch (e) {
      await release();
      throw e;
    }
  }

  private static async openLocked(dir: string, source: string, options: StoreOptions): Promise<RunStore> {
    let meta: StoreMeta = {
      format: STORE_FORMAT,
      source,
      remoteIno: null,
      remoteOffset: 0,
      remoteLines: 0,
      mirrorBytes: 0,
      indexBytes: 0,
      sampleRows: 0,
      generation: 0,
      ...(options.bodies === 'box' ? { bodies: 'box' as const } : {}),
    };
    try {
      let saved = JSON.parse(await fs.readFile(join(dir, 'meta.json'), 'utf8')) as StoreMeta;
      if (saved.format === 1 || saved.format === 2) saved = await migrateToColumns(dir, saved);
      else if (saved.format === 3) saved = await recountDiagnostics(dir, saved);
      if (saved.format !== STORE_FORMAT) {
        throw new Error(
          `${join(dir, 'meta.json')}: store format ${saved.format} is not ${STORE_FORMAT}; delete the folder to rebuild it from the box`,
        );
      }
      if ((saved.bodies ?? 'mirror') !== (options.bodies ?? 'mirror')) {
        throw new Error(
          `${join(dir, 'meta.json')}: this store keeps ${saved.bodies === 'box' ? 'heads only' : 'every record'} of its run and cannot be opened to keep ${saved.bodies === 'box' ? 'every record' : 'heads only'}; use another folder, or delete this one to rebuild it from the box`,
        );
      }
      meta = { ...saved, format: STORE_FORMAT };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    const store = new RunStore(dir, meta, options);
    await store.load();
    store.scheduleDiagnostics();
    return store;
  }

  private path(name: 'records' | 'index' | 'samples', generation?: number): string {
    const ext = name === 'samples' ? 'bin' : 'jsonl';
    return join(this.dir, generation === undefined ? `${name}.${ext}` : `${name}.gen${generation}.${ext}`);
  }

  private resetBatcher(): void {
    this.epoch += 1;
    this.readFailure = undefined;
    this.appliedOffset = this.meta.remoteOffset;
    this.appliedLines = this.meta.remoteLines;
    this.batcher = new LineBatcher(
      (b) => this.sendBatch(b),
      this.maxLine,
      this.meta.remoteOffset,
      (bytes) => this.takeBuffer(bytes),
    );
  }

  private get maxLine(): number {
    return this.options.maxLineBytes ?? 16 * 1024 * 1024;
  }

  /** Cuts the files back to the committed sizes and loads the index. */
  private async load(): Promise<void> {
    for (const [name, size] of [
      ['records', this.meta.mirrorBytes],
      ['index', this.meta.indexBytes],
      ['samples', this.meta.sampleRows * ROW_BYTES],
    ] as const) {
      const handle = await fs.open(this.path(name), 'a+');
      try {
        if ((await handle.stat()).size !== size) await handle.truncate(size);
      } finally {
        await handle.close();
      }
    }
    const text = await fs.readFile(this.path('index'), 'utf8');
    let start = 0;
    while (start < text.length) {
      let end = text.indexOf('\n', start);
      if (end === -1) end = text.length;
      const row = decodeRow(text.slice(start, end));
      if (row?.kind === 'step') this.steps.set(stepKey(row.entry.step, row.entry.evaluation), row.entry);
      else if (row?.kind === 'problem') this.problems.push(row.problem);
      else if (row?.kind === 'string' && this.samples.strings.intern(row.text) !== row.id) {
        throw new Error(
          `${this.path('index')}: string ${row.id} is out of order; delete the folder to rebuild it from the box`,
        );
      }
      start = end + 1;
    }
    this.stringsWritten = this.samples.strings.size;
    const handle = await fs.open(this.path('samples'), 'r');
    try {
      this.samples.reserve(this.meta.sampleRows);
      const chunk = Buffer.alloc(Math.floor(OPEN_READ_BYTES / ROW_BYTES) * ROW_BYTES);
      for (let position = 0; position < this.meta.sampleRows * ROW_BYTES;) {
        const { bytesRead } = await handle.read(chunk, 0, chunk.length, position);
        if (bytesRead === 0) break;
        this.samples.decodeRows(chunk.subarray(0, bytesRead));
        position += bytesRead;
      }
    } finally {
      await handle.close();
    }
    this.rowsWritten = this.samples.length;
    const key = this.options.annotateKey;
    if (key !== undefined && key !== this.countKey) this.recount(this.annotateFn, key);
  }

  /**
   * Counts every sample's diagnostics again with `annotate`, unless `key` names the profile the counts are
   * already made under (the box's SGLang release became known, or the settings changed).
   */
  setAnnotate(annotate: Annotate, key: string): void {
    if (key === this.countKey) return;
    this.recount(annotate, key);
    this.scheduleDiagnostics();
  }

  /**
   * Clears every count (their rows are rewritten as uncounted in the same commit that names the new
   * profile in meta.json, so a crash never leaves old counts under the new name) and starts over.
   */
  private recount(annotate: Annotate, key: string): void {
    this.annotateFn = annotate;
    this.countKey = key;
    this.countEpoch += 1;
    for (let seq = 0; seq < this.samples.length; seq++) {
      if (this.samples.errors(seq) === null) continue;
      this.samples.clearDiagnostics(seq);
      this.diagnosedQueue.push(seq);
    }
    this.diagnoseCursor = 0;
  }

  get resumeOffset(): number {
    return this.meta.remoteOffset;
  }

  get remoteIno(): number | null {
    return this.meta.remoteIno;
  }

  get generation(): number {
    return this.meta.generation;
  }

  /** Whether this store keeps only heads, its bodies read from the box. */
  get headsOnly(): boolean {
    return this.meta.bodies === 'box';
  }

  /** Where a heads-only store reads bodies from (the connection to the box can change). */
  setBodySource(source: BodySource): void {
    this.bodySource = source;
  }

  /**
   * Takes lines of the box's heads index, in order, up to `headsEnd` (the index's offset just past them):
   * the samples, steps and unreadable lines they describe are added as a mirror adds its lines, with the
   * box file's offsets. flush() commits them.
   */
  ingestHeads(entries: readonly HeadsEntry[], headsEnd: number): void {
    if (!this.headsOnly) throw new Error(`${this.dir}: a mirror takes records, not heads`);
    for (const { offset, length, line, read } of entries) {
      this.appliedLines = line;
      if (length > this.maxLine) {
        this.addProblem({
          line,
          message: `line of ${length} bytes is longer than the ${this.maxLine} byte limit; skipped`,
        });
      } else if (read.kind === 'problem') this.addProblem({ line, message: read.message });
      else if (read.kind === 'step') {
        this.steps.set(stepKey(read.entry.step, read.entry.evaluation), read.entry);
        this.indexQueue.push(encodeStep(read.entry));
        this.unannounced.steps += 1;
      } else {
        this.samples.push(Object.assign(read.entry, { offset, length, line }));
        this.unannounced.samples += 1;
      }
    }
    this.appliedOffset = headsEnd;
  }

  onChange(listener: (c: StoreChange) => void): () => void {
    this.listeners.push(listener);
    return () => (this.listeners = this.listeners.filter((l) => l !== listener));
  }

  /** Bytes of the remote file, in order, starting at resumeOffset. */
  ingest(chunk: Uint8Array): void {
    this.lastIngestAt = performance.now();
    this.batcher.push(chunk);
  }

  private sendBatch(batch: LineBatch): void {
    const epoch = this.epoch;
    const ranges: number[] = [];
    for (const l of batch.lines) if ('start' in l && l.end > l.start) ranges.push(l.start, l.end);
    // Settled at once so a failure is never an unhandled rejection while earlier batches are applied.
    const heads = lineReader.read(batch.bytes, ranges).catch((e: Error) => ({ error: e }));
    this.reading = this.reading.then(async () => {
      const read = await heads;
      if (epoch !== this.epoch || this.readFailure) return;
      // Nothing after a lost batch may be applied: the stream restarts at the last applied line.
      if ('error' in read) this.readFailure = read.error;
      else {
        const bytes = Buffer.from(read.bytes);
        this.applyBatch(batch.lines, read.heads, bytes);
        // Nothing of it waits for the mirror (every line was a problem): it can take new lines at once.
        if (this.runBuffer !== bytes && !this.mirrorQueue.some((b) => b.buffer === read.bytes)) {
          this.giveBack([read.bytes]);
        }
      }
    });
  }

  /**
   * A batch buffer for the line batcher: one the mirror has written is reused, since fresh 1 MB buffers
   * at stream speed would keep the garbage collector busy on the thread that receives the stream.
   */
  private takeBuffer(bytes: number): ArrayBuffer {
    const i = this.spareBuffers.findIndex((b) => b.byteLength >= bytes);
    return i === -1 ? new ArrayBuffer(bytes) : this.spareBuffers.splice(i, 1)[0]!;
  }

  private giveBack(buffers: ArrayBuffer[]): void {
    for (const b of buffers) {
      if (this.spareBuffers.length < MAX_SPARE_BUFFERS && !this.spareBuffers.includes(b))
        this.spareBuffers.push(b);
    }
    this.spareTimer ??= setTimeout(() => this.dropSpares(), SPARES_KEPT_MS).unref();
  }

  private dropSpares(): void {
    this.spareTimer = undefined;
    if (performance.now() - this.lastIngestAt < SPARES_KEPT_MS) {
      this.spareTimer = setTimeout(() => this.dropSpares(), SPARES_KEPT_MS).unref();
    } else this.spareBuffers = [];
  }

  private applyBatch(lines: BatchLine[], heads: LineHead[], bytes: Buffer): void {
    let next = 0;
    for (const line of lines) {
      this.appliedLines += 1;
      this.appliedOffset = line.next;
      if ('skipped' in line) {
        this.addProblem({
          line: this.appliedLines,
          message: `line of ${line.skipped} bytes is longer than the ${this.maxLine} byte limit; skipped`,
        });
        continue;
      }
      // A blank line counts (problem reports name lines as the box's file numbers them) and is dropped.
      if (line.end === line.start) continue;
      const head = heads[next++]!;
      const read = head.kind === 'step' ? readStepLine(bytes.toString('utf8', line.start, line.end)) : head;
      this.acceptLine(bytes, line.start, line.end, read);
    }
  }

  /** Queues bytes start..end (the line) and its newline at `end` for the mirror and the line's index row. */
  private acceptLine(
    bytes: Buffer,
    start: number,
    end: number,
    read: ReadRecord | Exclude<LineHead, { kind: 'step' }>,
  ): void {
    if (read.kind === 'problem') {
      this.addProblem({ line: this.appliedLines, message: read.message });
      return;
    }
    // Not meta.mirrorBytes + pending: a flush in flight has taken the pending bytes but not yet
    // committed them, and offsets computed from both would repeat.
    const offset = this.mirrorEnd;
    if (this.runBuffer === bytes && this.runEnd === start) this.runEnd = end + 1;
    else {
      // Lines that follow each other in one batch are written as one slice of it.
      this.endRun();
      this.runBuffer = bytes;
      this.runStart = start;
      this.runEnd = end + 1;
    }
    const length = end - start;
    this.pendingMirrorBytes += length + 1;
    this.mirrorEnd += length + 1;
    if (read.kind === 'step') {
      this.steps.set(stepKey(read.entry.step, read.entry.evaluation), read.entry);
      this.indexQueue.push(encodeStep(read.entry));
      this.unannounced.steps += 1;
    } else {
      this.samples.push({ ...read.entry, offset, length, line: this.appliedLines });
      this.unannounced.samples += 1;
    }
  }

  private endRun(): void {
    if (this.runBuffer) this.mirrorQueue.push(this.runBuffer.subarray(this.runStart, this.runEnd));
    this.runBuffer = undefined;
  }

  private addProblem(problem: ReadProblem): void {
    this.problems.push(problem);
    this.indexQueue.push(encodeProblem(problem));
    this.unannounced.problems += 1;
  }

  /**
   * Commits every complete line and drops a partial one: a new stream starts at resumeOffset, where
   * that partial line begins again.
   */
  async restartStream(): Promise<void> {
    // A reader-thread failure was reported by the flush that met it; either way the new stream starts
    // at the commit point. A failed write still rejects.
    await this.flush().catch(() => undefined);
    await this.writing;
    this.resetBatcher();
  }

  /**
   * Persists every complete line ingested so far and commits it; then tells listeners what was added.
   * Rejects if the reader thread failed: what was read before is committed, and the stream must
   * restart (restartStream) at the commit point.
   */
  flush(remoteIno?: number | null): Promise<void> {
    this.batcher.flush();
    const read = this.reading;
    const commit = this.writing.then(async () => {
      await read;
      // Taken together, after the reads: the queues hold exactly the lines up to appliedOffset.
      this.endRun();
      const mirror = this.mirrorQueue;
      // New strings first: the rows below may name them.
      const strings = this.samples.strings.since(this.stringsWritten);
      const indexRows = [
        ...strings.map((t, k) => encodeString(this.stringsWritten + k, t)),
        ...this.indexQueue,
      ];
      this.stringsWritten += strings.length;
      const index = indexRows.length > 0 ? `${indexRows.join('\n')}\n` : '';
      const rows = this.samples.encodeRows(this.rowsWritten, this.samples.length);
      const firstNewRow = this.rowsWritten;
      this.rowsWritten = this.samples.length;
      const rewritten = this.diagnosedRuns(firstNewRow);
      const mirrorBytes = this.pendingMirrorBytes;
      this.mirrorQueue = [];
      this.indexQueue = [];
      this.pendingMirrorBytes = 0;
      const remoteOffset = this.appliedOffset;
      const remoteLines = this.appliedLines;
      // Taken with the rows to rewrite: the key is committed with the rows it cleared.
      const countKey = this.countKey;
      const change = this.unannounced;
      this.unannounced = { samples: 0, steps: 0, problems: 0, diagnosed: 0 };
      const failure = this.readFailure;
      if (mirror.length > 0) {
        await appendAll(this.path('records'), mirror);
        this.giveBack(mirror.map((b) => b.buffer as ArrayBuffer));
      }
      if (index.length > 0) await fs.appendFile(this.path('index'), index);
      if (rows.length > 0) await fs.appendFile(this.path('samples'), rows);
      if (rewritten.length > 0) await this.rewriteRows(rewritten);
      this.meta = {
        ...this.meta,
        remoteIno: remoteIno === undefined ? this.meta.remoteIno : remoteIno,
        remoteOffset,
        remoteLines,
        mirrorBytes: this.meta.mirrorBytes + mirrorBytes,
        indexBytes: this.meta.indexBytes + Buffer.byteLength(index),
        sampleRows: firstNewRow + rows.length / ROW_BYTES,
        ...(countKey !== undefined ? { countKey } : {}),
      };
      await this.writeMeta();
      if (change.samples + change.steps + change.problems + change.diagnosed > 0) {
        for (const l of this.listeners) l(change);
      }
      // Newly committed samples can now be read back for their diagnostics.
      if (change.samples > 0) this.scheduleDiagnostics();
      return failure;
    });
    // A failed write stops every later one (their offsets would not hold); callers hear of it from
    // the promise returned here, so the chain itself counts as handled.
    this.writing = commit.then(() => undefined);
    this.writing.catch(() => undefined);
    return commit.then((failure) => {
      if (failure) throw failure;
    });
  }

  /**
   * Takes the samples counted since the last flush whose rows are already on disk (rows from
   * `firstNewRow` on are appended with their counts), as runs of consecutive seqs: [from, to) pairs.
   */
  private diagnosedRuns(firstNewRow: number): number[] {
    const runs: number[] = [];
    for (const seq of this.diagnosedQueue) {
      if (seq >= firstNewRow) continue;
      if (runs.length > 0 && runs[runs.length - 1] === seq) runs[runs.length - 1] = seq + 1;
      else runs.push(seq, seq + 1);
    }
    this.diagnosedQueue = [];
    return runs;
  }

  /** Rewrites the rows of the given [from, to) runs in place with what the columns now hold. */
  private async rewriteRows(runs: number[]): Promise<void> {
    const handle = await fs.open(this.path('samples'), 'r+');
    try {
      for (let k = 0; k < runs.length; k += 2) {
        const rows = this.samples.encodeRows(runs[k]!, runs[k + 1]!);
        await handle.write(rows, 0, rows.length, runs[k]! * ROW_BYTES);
      }
    } finally {
      await handle.close();
    }
  }

  /** Whether sample `seq` exists and its record is committed to the mirror. */
  private committed(seq: number): boolean {
    return (
      seq < this.samples.length &&
      this.samples.offset(seq) + this.samples.byteLength(seq) <= this.meta.mirrorBytes
    );
  }

  /** Resolves once every committed sample has its diagnostics counted and committed. */
  async diagnosed(): Promise<void> {
    for (;;) {
      await this.writing;
      await this.diagnosing;
      if (this.diagnoseFailure) throw this.diagnoseFailure;
      if (!this.committed(this.diagnoseCursor)) return;
      this.scheduleDiagnostics();
    }
  }

  /** Commits what was ingested and stops the diagnostics pass; a reopened store resumes it. */
  async close(): Promise<void> {
    this.closed = true;
    await this.diagnosing;
    await this.flush();
    clearTimeout(this.spareTimer);
    this.spareBuffers = [];
    await this.release();
  }

  private scheduleDiagnostics(): void {
    if (this.diagnoseFailure || this.closed) return;
    if (this.diagnosing) {
      this.diagnoseAgain = true;
      return;
    }
    this.diagnosing = this.diagnose()
      .catch((e: unknown) => {
        this.diagnoseFailure = new Error(`${this.dir}: counting tool-call diagnostics failed: ${String(e)}`);
      })
      .finally(() => {
        this.diagnosing = undefined;
        if (this.diagnoseAgain) {
          this.diagnoseAgain = false;
          this.scheduleDiagnostics();
        }
      });
  }

  /**
   * Counts diagnostics of committed samples, in order, reading their records back from the mirror
   * (the page cache still holds them), and commits a row for each. Pending samples stay null until then.
   * Chunks of records are counted in the diagnostics threads where there are some (as many chunks in
   * flight as threads; while a stream comes in, one fewer, leaving a core to the stream), else here in
   * short slices; either way the results are applied in order.
   */
  private async diagnose(): Promise<void> {
    const generation = this.meta.generation;
    const samples = this.samples;
    const end = (seq: number) => samples.offset(seq) + samples.byteLength(seq);
    const threads = this.annotateFn.profile ? diagnoseThreads() : null;
    const inFlight: { first: number; last: number; diagnoses: Promise<(Diagnosis | null)[]> }[] = [];
    let next = this.diagnoseCursor;
    const stale = (epoch: number) =>
      generation !== this.meta.generation || this.closed || epoch !== this.countEpoch;
    while (generation === this.meta.generation && !this.closed) {
      const epoch = this.countEpoch;
      if (inFlight.length === 0) {
        while (this.diagnoseCursor < samples.length && samples.errors(this.diagnoseCursor) !== null) {
          this.diagnoseCursor += 1;
        }
        next = this.diagnoseCursor;
      }
      const streaming = this.streaming();
      const room = threads ? Math.max(1, streaming ? threads.size - 1 : threads.size) : 1;
      const readBytes = threads && streaming ? DIAGNOSE_STREAMING_READ_BYTES : DIAGNOSE_READ_BYTES;
      while (inFlight.length < room && this.committed(next)) {
        const first = next;
        const from = samples.offset(first);
        let last = first;
        for (let i = first + 1; i < samples.length; i++) {
          if (end(i) > this.meta.mirrorBytes || end(i) - from > readBytes) break;
          last = i;
        }
        const bytes = Buffer.alloc(end(last) - from);
        const handle = await fs.open(this.path('records'), 'r');
        try {
          await handle.read(bytes, 0, bytes.length, from);
        } finally {
          await handle.close();
        }
        inFlight.push({ first, last, diagnoses: this.countChunk(threads, bytes, from, first, last, epoch) });
        next = last + 1;
      }
      const chunk = inFlight.shift();
      if (!chunk) {
        // Counts applied while the stream came in are committed by now, or here.
        if (this.diagnosedQueue.length > 0) await this.flush();
        return;
      }
      const diagnoses = await chunk.diagnoses;
      if (stale(epoch)) {
        // What was counted under the old profile or generation is dropped; the pass starts over.
        inFlight.length = 0;
        continue;
      }
      for (let i = chunk.first; i <= chunk.last; i++) {
        const d = diagnoses[i - chunk.first];
        if (d && samples.errors(i) === null) {
          const counts = this.countsOf(samples.at(i)!, d);
          samples.setDiagnostics(i, counts.errors, counts.warnings, counts.dropped);
          this.diagnosedQueue.push(i);
          this.unannounced.diagnosed += 1;
        }
        this.diagnoseCursor = i + 1;
      }
      // While a stream comes in, its own commits (a few a second) take these counts along: waiting
      // for one here would hold the pass until the stream pauses.
      if (!this.streaming()) await this.flush();
    }
  }

  /**
   * The diagnoses of samples first..last, whose records are `bytes` (from mirror offset `from`); null for
   * those already counted. Counted here, a slice at a time, when there are no threads.
   */
  private async countChunk(
    threads: DiagnoseThreads | null,
    bytes: Buffer,
    from: number,
    first: number,
    last: number,
    epoch: number,
  ): Promise<(Diagnosis | null)[]> {
    const samples = this.samples;
    const wanted: number[] = [];
    for (let i = first; i <= last; i++) if (samples.errors(i) === null) wanted.push(i);
    const out: (Diagnosis | null)[] = new Array<Diagnosis | null>(last - first + 1).fill(null);
    if (threads && this.annotateFn.profile) {
      const ranges: number[] = [];
      for (const i of wanted) {
        const at = samples.offset(i) - from;
        ranges.push(at, at + samples.byteLength(i));
      }
      const diagnoses = await threads.count(this.annotateFn.profile, bytes.buffer as ArrayBuffer, ranges);
      wanted.forEach((i, k) => (out[i - first] = diagnoses[k] ?? null));
      return out;
    }
    let sliceStart = performance.now();
    for (const i of wanted) {
      if (epoch !== this.countEpoch || this.closed) break;
      const at = samples.offset(i) - from;
      out[i - first] = diagnoseRecord(
        bytes.toString('utf8', at, at + samples.byteLength(i)),
        this.annotateFn,
      );
      if (performance.now() - sliceStart >= DIAGNOSE_SLICE_MS) {
        await this.yieldToStream();
        sliceStart = performance.now();
      }
    }
    return out;
  }

  /**
   * A sample's counts from its diagnosis. A record that does not read whole is reported where unreadable
   * lines are (its index row stays: its fields were read) and counts nothing; should the engine fail on
   * one, that is said at its line and the sample counts one error: the pass goes on, and a reopened store
   * does not stop at the same sample again.
   */
  private countsOf(entry: SampleEntry, d: Diagnosis): { errors: number; warnings: number; dropped: number } {
    const where = `step ${entry.step}, group ${entry.group}, sample ${entry.index}`;
    if (d.kind === 'counted') return { errors: d.errors, warnings: d.warnings, dropped: d.dropped };
    if (d.kind === 'unreadable') {
      this.addProblem({
        line: entry.line ?? 0,
        message: `${d.reason} (${where}: listed, but cannot be opened)`,
      });
      return { errors: 0, warnings: 0, dropped: 0 };
    }
    this.addProblem({
      line: entry.line ?? 0,
      message: `counting tool-call diagnostics failed (${where}): ${d.error}`,
    });
    return { errors: 1, warnings: 0, dropped: 0 };
  }

  private streaming(): boolean {
    return performance.now() - this.lastIngestAt < STREAM_QUIET_MS;
  }

  private yieldToStream(): Promise<void> {
    const streaming = this.streaming();
    return new Promise((resolve) =>
      streaming ? setTimeout(resolve, DIAGNOSE_BUSY_PAUSE_MS) : setImmediate(resolve),
    );
  }

  /**
   * One write at a time: the commit chain and a new generation may both write meta.json, and two
   * writes in flight would share the temp file (the second rename then fails). Each writes the
   * newest meta when its turn comes.
   */
  private writeMeta(): Promise<void> {
    const file = join(this.dir, 'meta.json');
    const write = this.metaWrite.then(async () => {
      await fs.writeFile(`${file}.tmp`, JSON.stringify(this.meta));
      await fs.rename(`${file}.tmp`, file);
    });
    this.metaWrite = write.catch(() => undefined);
    return write;
  }

  /**
   * The remote file was truncated or replaced (the run restarted): the current files become
   * generation N and a new, empty generation starts at remote offset 0.
   */
  async startNewGeneration(remoteIno: number | null): Promise<void> {
    await this.flush();
    await this.writing;
    const gen = this.meta.generation;
    await fs.rename(this.path('records'), this.path('records', gen));
    await fs.rename(this.path('index'), this.path('index', gen));
    await fs.rename(this.path('samples'), this.path('samples', gen));
    await fs.writeFile(this.path('records'), '');
    await fs.writeFile(this.path('index'), '');
    await fs.writeFile(this.path('samples'), '');
    this.samples.clear();
    this.rowsWritten = 0;
    this.stringsWritten = 0;
    this.diagnosedQueue = [];
    this.steps.clear();
    this.problems.length = 0;
    this.fetched.clear();
    this.meta = {
      ...this.meta,
      remoteIno,
      remoteOffset: 0,
      remoteLines: 0,
      mirrorBytes: 0,
      indexBytes: 0,
      sampleRows: 0,
      generation: gen + 1,
    };
    this.mirrorEnd = 0;
    this.diagnoseCursor = 0;
    await this.writeMeta();
    this.resetBatcher();
    for (const l of this.listeners) l({ samples: 0, steps: 0, problems: 0, diagnosed: 0 });
  }

  /**
   * Reads one sample's record by its offset (bodies are never all in memory): from the mirror, or from the
   * box for a heads-only store, whose sample then has its diagnostics counted as the mirror's pass would.
   */
  async readSample(entry: SampleEntry): Promise<SampleRecord> {
    const text = (this.headsOnly ? await this.fetchBody(entry) : await this.readMirrored(entry)).toString(
      'utf8',
    );
    const deep = tooDeepAt(text);
    if (deep >= 0) throw new Error(`line ${entry.line ?? '?'}, column ${deep + 1}: ${tooDeepReason()}`);
    const record = SampleRecordSchema.parse(JSON.parse(text));
    if (this.headsOnly) this.countFetched(entry, record);
    return record;
  }

  private async readMirrored(entry: SampleEntry): Promise<Buffer> {
    // An entry can be newer than the last flush; commit it before reading it back.
    if (entry.offset + entry.length > this.meta.mirrorBytes) await this.flush();
    await this.writing;
    const handle = await fs.open(this.path('records'), 'r');
    try {
      const buffer = Buffer.alloc(entry.length);
      await handle.read(buffer, 0, entry.length, entry.offset);
      return buffer;
    } finally {
      await handle.close();
    }
  }

  private async fetchBody(entry: SampleEntry): Promise<Buffer> {
    const kept = this.fetched.get(entry.offset);
    if (kept) return kept;
    if (!this.bodySource)
      throw new Error(`${this.meta.source}: the box is not connected; its bodies are read from there`);
    const body = await this.bodySource.read(entry.offset, entry.length);
    if (body.length !== entry.length) {
      throw new Error(
        `${this.meta.source}, line ${entry.line ?? '?'}: read ${body.length} of the record's ${entry.length} bytes; the file on the box changed`,
      );
    }
    this.fetched.add(entry.offset, body);
    return body;
  }

  /** Counts a fetched sample's diagnostics (a heads-only store has no pass over bodies) and commits them. */
  private countFetched(entry: SampleEntry, record: SampleRecord): void {
    const seq = this.seqAt(entry.offset);
    if (seq === undefined || this.samples.errors(seq) !== null) return;
    let counts: ReturnType<Annotate>;
    try {
      counts = this.annotateFn(record);
    } catch (e) {
      const where = `step ${entry.step}, group ${entry.group}, sample ${entry.index}`;
      this.addProblem({
        line: entry.line ?? 0,
        message: `counting tool-call diagnostics failed (${where}): ${String(e)}`,
      });
      counts = { errors: 1, warnings: 0, dropped: 0 };
    }
    const { errors, warnings, dropped } = counts;
    this.samples.setDiagnostics(seq, errors, warnings, dropped);
    this.diagnosedQueue.push(seq);
    this.unannounced.diagnosed += 1;
    this.flush().catch(() => undefined);
  }

  /** The sample whose record starts at `offset` (offsets grow with seq within a generation). */
  private seqAt(offset: number): number | undefined {
    let lo = 0;
    let hi = this.samples.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const at = this.samples.offset(mid);
      if (at === offset) return mid;
      if (at < offset) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }

  /** What searchText looks through now: every record of a mirror, the fetched bodies of a heads-only run. */
  searchScope(): SearchScope {
    return this.headsOnly
      ? { where: 'fetched', bodies: this.fetched.size, samples: this.samples.length }
      : { where: 'local', bodies: this.samples.length, samples: this.samples.length };
  }

  /**
   * Offsets of the records that show `query` (see visibleText.ts): the same search as the viewer's, run
   * to the end over what is mirrored now; of a heads-only store, only the bodies fetched so far
   * (searchScope says which).
   */
  async searchText(query: string, control: WorkControl = {}): Promise<Set<number>> {
    await this.flush();
    await this.writing;
    if (this.headsOnly) {
      const matches = textMatcher(query);
      const found = new Set<number>();
      for (const [offset, body] of this.fetched.entries())
        if (matches(body.toString('utf8'))) found.add(offset);
      return found;
    }
    const search = new TextSearch(query, () => this.path('records'), this.samples);
    search.kick();
    try {
      await search.idle(control);
    } catch (e) {
      // Nobody else reads this search: a cancelled one stops at its next batch.
      search.reset();
      throw e;
    }
    return new Set([...search.matches].map((seq) => this.samples.offset(seq)));
  }

  /** The raw bytes of the mirror (what the box wrote, valid records only). */
  async readMirror(): Promise<Buffer> {
    await this.writing;
    return fs.readFile(this.path('records'));
  }
}

/** Appends the buffers in order, as one write where the system takes them all at once. */
async function appendAll(path: string, buffers: Buffer[]): Promise<void> {
  const handle = await fs.open(path, 'a');
  try {
    let rest = buffers;
    while (rest.length > 0) {
      let { bytesWritten } = await handle.writev(rest);
      const left: Buffer[] = [];
      for (const b of rest) {
        if (bytesWritten >= b.length) bytesWritten -= b.length;
        else {
          left.push(b.subarray(bytesWritten));
          bytesWritten = 0;
        }
      }
      rest = left;
    }
  } finally {
    await handle.close();
  }
}

/**
 * Rebuilds a format-1 or format-2 store's index as format 3. Format 2's sample rows (with the counts of
 * their `d` rows) become samples.bin rows; format 1 kept too little, so every committed record is read
 * again (the mirror holds valid records only, so each yields a row). Step and unreadable-line rows are
 * carried over. The new files are written beside the old ones and renamed into place, meta.json last: a
 * crash before that leaves the old meta, and the next open migrates again.
 */
async function migrateToColumns(dir: string, meta: StoreMeta): Promise<StoreMeta> {
  const oldIndex = (await fs.readFile(join(dir, 'index.jsonl'))).subarray(0, meta.indexBytes);
  const samples = new SampleColumns();
  const rows: string[] = [];
  const byOffset = new Map<number, number>();
  for (const line of oldIndex.toString('utf8').split('\n')) {
    if (line === '') continue;
    const row = decodeRow(line);
    if (row?.kind === 'problem') rows.push(encodeProblem(row.problem));
    else if (meta.format === 1) continue;
    else if (row?.kind === 'step') rows.push(encodeStep(row.entry));
    else if (row?.kind === 'sample') {
      // Counts on a sample row predate parse failures kept apart: the sample is counted again.
      byOffset.set(row.entry.offset, samples.push({ ...row.entry, errors: null, warnings: null }));
    } else if (row?.kind === 'diagnosed') {
      const seq = byOffset.get(row.diagnosed.offset);
      // A `d` row without parse failures is from before they were counted apart: counted again.
      const { errors, warnings, dropped } = row.diagnosed;
      if (seq !== undefined && dropped !== undefined) samples.setDiagnostics(seq, errors, warnings, dropped);
    }
  }
  if (meta.format === 1) {
    const records = (await fs.readFile(join(dir, 'records.jsonl'))).subarray(0, meta.mirrorBytes);
    const memory = createLineMemory();
    for (let start = 0; start < records.length;) {
      let end = records.indexOf(0x0a, start);
      if (end === -1) end = records.length;
      const head = readLineHead(records, start, end, LINE_RULES, memory);
      const read = head.kind === 'step' ? readStepLine(records.toString('utf8', start, end)) : head;
      if (read.kind === 'step') rows.push(encodeStep(read.entry));
      else if (read.kind === 'sample') samples.push({ ...read.entry, offset: start, length: end - start });
      start = end + 1;
    }
  }
  const strings = samples.strings.since(0).map((t, id) => encodeString(id, t));
  const index = [...strings, ...rows].map((r) => `${r}\n`).join('');
  const migrated: StoreMeta = {
    ...meta,
    format: STORE_FORMAT,
    indexBytes: Buffer.byteLength(index),
    sampleRows: samples.length,
  };
  await fs.writeFile(join(dir, 'samples.bin.tmp'), samples.encodeRows(0, samples.length));
  await fs.writeFile(join(dir, 'index.jsonl.tmp'), index);
  await fs.writeFile(join(dir, 'meta.json.tmp'), JSON.stringify(migrated));
  await fs.rename(join(dir, 'samples.bin.tmp'), join(dir, 'samples.bin'));
  await fs.rename(join(dir, 'index.jsonl.tmp'), join(dir, 'index.jsonl'));
  await fs.rename(join(dir, 'meta.json.tmp'), join(dir, 'meta.json'));
  return migrated;
}

/**
 * Makes a format-3 store format 4. Format 3's rows left the parse-failure field zero, which would read
 * as counted with none: every sample's diagnostics are marked not counted instead, and the store's pass
 * counts them again once. samples.bin is rewritten beside the old one and renamed, meta.json last.
 */
async function recountDiagnostics(dir: string, meta: StoreMeta): Promise<StoreMeta> {
  const samples = new SampleColumns();
  samples.decodeRows((await fs.readFile(join(dir, 'samples.bin'))).subarray(0, meta.sampleRows * ROW_BYTES));
  samples.forgetDiagnostics();
  const migrated: StoreMeta = { ...meta, format: STORE_FORMAT };
  await fs.writeFile(join(dir, 'samples.bin.tmp'), samples.encodeRows(0, samples.length));
  await fs.writeFile(join(dir, 'meta.json.tmp'), JSON.stringify(migrated));
  await fs.rename(join(dir, 'samples.bin.tmp'), join(dir, 'samples.bin'));
  await fs.rename(join(dir, 'meta.json.tmp'), join(dir, 'meta.json'));
  return migrated;
}
