/** 1-based line and column of offsets in a text, computed once per text. */
export class LineIndex {
  private starts: number[] | undefined;

  constructor(private readonly text: string) {}

  /** 1-based line of the offset. */
  line(offset: number): number {
    return this.find(offset) + 1;
  }

  /** 1-based column (UTF-16 units) of the offset. */
  column(offset: number): number {
    const starts = this.lineStarts();
    return offset - (starts[this.find(offset)] ?? 0) + 1;
  }

  private find(offset: number): number {
    const starts = this.lineStarts();
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  private lineStarts(): number[] {
    if (this.starts === undefined) {
      this.starts = [0];
      for (let i = this.text.indexOf('\n'); i !== -1; i = this.text.indexOf('\n', i + 1))
        this.starts.push(i + 1);
    }
    return this.starts;
  }
}
