// Cuts a byte stream into batches of complete lines and keeps track of where each line starts in the
// source file, so a follower can resume after the last complete line. Each batch is one ArrayBuffer that
// the stream's bytes are copied into once: it can be handed to the line-reading thread and back without
// further copies, and its lines (newline included) go to the mirror as slices of it. Memory stays bounded
// by maxLineBytes: a longer line is dropped while it streams and reported, never buffered whole.

/** A line of a batch: bytes start..end of the batch (the newline at end), or a line skipped as too long. */
export type BatchLine = { start: number; end: number; next: number } | { skipped: number; next: number };

export interface LineBatch {
  bytes: ArrayBuffer;
  /** In source order; `next` is the source offset just past the line's newline. */
  lines: BatchLine[];
}

const NEWLINE = 0x0a;

export class LineBatcher {
  private buffer: Buffer;
  private used = 0;
  /** Where the line being assembled starts in `buffer`, and in the source. */
  private lineStart = 0;
  private sourceLineStart: number;
  private lines: BatchLine[] = [];
  /** Bytes of a too-long line dropped so far; -1 while not skipping. */
  private skipped = -1;

  constructor(
    private readonly emit: (batch: LineBatch) => void,
    private readonly maxLineBytes: number,
    startOffset = 0,
    /** Buffers of at least the given size; the store hands back the ones it has written. */
    private readonly take: (bytes: number) => ArrayBuffer = (bytes) => new ArrayBuffer(bytes),
    private readonly batchBytes = 1024 * 1024,
  ) {
    this.sourceLineStart = startOffset;
    this.buffer = Buffer.from(take(batchBytes));
  }

  /** Offset just past the last complete line: where a reader resumes without losing or repeating a record. */
  get resumeOffset(): number {
    return this.sourceLineStart;
  }

  push(chunk: Uint8Array): void {
    let from = 0;
    while (from < chunk.length) {
      if (this.skipped >= 0) {
        const nl = chunk.indexOf(NEWLINE, from);
        if (nl === -1) {
          this.skipped += chunk.length - from;
          return;
        }
        this.skipped += nl - from;
        this.sourceLineStart += this.skipped + 1;
        this.lines.push({ skipped: this.skipped, next: this.sourceLineStart });
        this.skipped = -1;
        from = nl + 1;
        continue;
      }
      const n = Math.min(chunk.length - from, this.room());
      this.buffer.set(chunk.subarray(from, from + n), this.used);
      this.cutLines(this.used, this.used + n);
      this.used += n;
      from += n;
      if (this.used - this.lineStart > this.maxLineBytes) {
        // Too long: drop what is buffered and count the rest as it streams past.
        this.skipped = this.used - this.lineStart;
        this.used = this.lineStart;
      }
    }
    // Half full: the rest of the buffer takes the line in progress and the next chunks.
    if (this.lineStart >= this.batchBytes / 2) this.flush();
  }

  /** Hands over every complete line (or skipped one) received so far as one batch. */
  flush(): void {
    if (this.lines.length === 0) return;
    const full = this.buffer;
    const partial = this.used - this.lineStart;
    this.buffer = Buffer.from(this.take(Math.max(this.batchBytes, partial * 2)));
    full.copy(this.buffer, 0, this.lineStart, this.used);
    const lines = this.lines;
    this.lines = [];
    this.used = partial;
    this.lineStart = 0;
    this.emit({ bytes: full.buffer as ArrayBuffer, lines });
  }

  private cutLines(from: number, to: number): void {
    // Bounded by `to`: past it the buffer holds zeros or stale bytes, and a search would read them all.
    const received = this.buffer.subarray(0, to);
    for (let nl = received.indexOf(NEWLINE, from); nl !== -1; nl = received.indexOf(NEWLINE, nl + 1)) {
      const length = nl - this.lineStart;
      this.sourceLineStart += length + 1;
      this.lines.push(
        length > this.maxLineBytes
          ? { skipped: length, next: this.sourceLineStart }
          : { start: this.lineStart, end: nl, next: this.sourceLineStart },
      );
      this.lineStart = nl + 1;
    }
  }

  /** Free bytes in the buffer, making some by handing over complete lines or growing it. */
  private room(): number {
    if (this.used < this.buffer.length) return this.buffer.length - this.used;
    if (this.lines.length > 0) this.flush();
    if (this.used < this.buffer.length) return this.buffer.length - this.used;
    // One partial line fills the buffer (it is within maxLineBytes): grow.
    const grown = Buffer.from(this.take(this.buffer.length * 2));
    this.buffer.copy(grown, 0, 0, this.used);
    this.buffer = grown;
    return this.buffer.length - this.used;
  }
}
