// Where a run's record bodies are read from when the store keeps only their heads: the box's own
// rollouts.jsonl, read by byte range (src/remote/boxBodySource.ts).

export interface BodySource {
  /** Bytes offset..offset+length of the box's rollouts.jsonl. */
  read(offset: number, length: number): Promise<Buffer>;
}

/**
 * The bodies fetched from the box, newest kept, up to a byte budget: what a search over a heads-only
 * run can look through without fetching the run again.
 */
export class FetchedBodies {
  /** By offset in the box's file; a Map keeps insertion order, so the first key is the oldest. */
  private readonly bodies = new Map<number, Buffer>();
  private bytes = 0;

  constructor(private readonly budget = 64 * 1024 * 1024) {}

  get size(): number {
    return this.bodies.size;
  }

  get(offset: number): Buffer | undefined {
    const body = this.bodies.get(offset);
    if (body) {
      this.bodies.delete(offset);
      this.bodies.set(offset, body);
    }
    return body;
  }

  add(offset: number, body: Buffer): void {
    if (body.length > this.budget) return;
    const old = this.bodies.get(offset);
    if (old) this.bytes -= old.length;
    this.bodies.delete(offset);
    this.bodies.set(offset, body);
    this.bytes += body.length;
    for (const [k, v] of this.bodies) {
      if (this.bytes <= this.budget) break;
      this.bodies.delete(k);
      this.bytes -= v.length;
    }
  }

  clear(): void {
    this.bodies.clear();
    this.bytes = 0;
  }

  entries(): IterableIterator<[number, Buffer]> {
    return this.bodies.entries();
  }
}
