// Splits a byte stream into complete lines and keeps track of where each starts in the source file,
// so a follower can resume after the last complete line. Memory stays bounded by maxLineBytes: a
// longer line is skipped while it streams and reported, never buffered whole.

export interface Line {
  /** Byte offset of the line's first byte in the source. */
  offset: number;
  /** The line without its trailing newline. */
  bytes: Buffer;
}

export interface SkippedLine {
  offset: number;
  /** Bytes of the line without its newline. */
  length: number;
}

export interface SplitterEvents {
  line(line: Line): void;
  skipped(line: SkippedLine): void;
}

const NEWLINE = 0x0a;

export class LineSplitter {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Offset of the first byte of the line being assembled. */
  private lineStart: number;
  private skipping = false;

  constructor(
    private readonly events: SplitterEvents,
    private readonly maxLineBytes: number,
    startOffset = 0,
  ) {
    this.lineStart = startOffset;
  }

  /** Offset just past the last complete line: where a reader resumes without losing or repeating a record. */
  get resumeOffset(): number {
    return this.lineStart;
  }

  push(chunk: Buffer): void {
    let from = 0;
    while (from < chunk.length) {
      const nl = chunk.indexOf(NEWLINE, from);
      const end = nl === -1 ? chunk.length : nl;
      this.append(chunk.subarray(from, end));
      if (nl === -1) return;
      this.finishLine();
      from = nl + 1;
    }
  }

  private append(part: Buffer): void {
    if (part.length === 0) return;
    this.pendingBytes += part.length;
    if (this.skipping) return;
    if (this.pendingBytes > this.maxLineBytes) {
      this.skipping = true;
      this.pending = [];
      return;
    }
    // Copy: the caller may reuse its chunk buffers.
    this.pending.push(Buffer.from(part));
  }

  private finishLine(): void {
    const offset = this.lineStart;
    const length = this.pendingBytes;
    if (this.skipping) this.events.skipped({ offset, length });
    else if (length > 0)
      this.events.line({
        offset,
        bytes: this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending),
      });
    this.lineStart = offset + length + 1;
    this.pending = [];
    this.pendingBytes = 0;
    this.skipping = false;
  }
}
