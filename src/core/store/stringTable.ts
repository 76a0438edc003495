/**
 * Task ids, domains and prompt hashes, each kept once: a run repeats a few hundred of them across a
 * million samples, and a column of ids into this table costs 4 bytes a sample instead of a string each.
 * Ids are positions, so the table persists as the list of its strings in order.
 */
export class StringTable {
  private readonly texts: string[] = [];
  private readonly ids = new Map<string, number>();

  get size(): number {
    return this.texts.length;
  }

  /** The id of `text`, added if new; -1 stands for null. */
  intern(text: string | null): number {
    if (text === null) return -1;
    let id = this.ids.get(text);
    if (id === undefined) {
      id = this.texts.length;
      this.texts.push(text);
      this.ids.set(text, id);
    }
    return id;
  }

  text(id: number): string | null {
    return id < 0 ? null : (this.texts[id] ?? null);
  }

  /** The id `text` already has, or undefined (nothing is added). */
  find(text: string): number | undefined {
    return this.ids.get(text);
  }

  /** Strings from id `from` on, in id order. */
  since(from: number): readonly string[] {
    return this.texts.slice(from);
  }

  clear(): void {
    this.texts.length = 0;
    this.ids.clear();
  }
}
