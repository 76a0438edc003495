/**
 * The row elements of a virtualized list, reused as rows scroll in and out of view. A row that stays in
 * view keeps its element; a row that comes into view takes over the element of a row that left. In a
 * steady scroll as many rows leave as come, so a scrolled frame rewrites the cells of the rows that came
 * and neither builds nor removes an element. No DOM here: the list says how a slot is made, put into the
 * page and taken out of it.
 */
export class RowPool<S> {
  private shown = new Map<number, S>();
  private spare: S[] = [];
  private attached = new Set<S>();

  constructor(
    private readonly make: () => S,
    private readonly attach: (slot: S) => void,
    private readonly detach: (slot: S) => void,
  ) {}

  /**
   * Gives rows `first`…`last` their slots, in index order, to `draw`. Slots no row needs are taken out of
   * the page (the visible count changes by one as rows straddle the edges) and kept for the next rows.
   */
  update(first: number, last: number, draw: (slot: S, index: number) => void): void {
    for (const [index, slot] of this.shown) {
      if (index >= first && index <= last) continue;
      this.shown.delete(index);
      this.spare.push(slot);
    }
    for (let index = first; index <= last; index++) {
      let slot = this.shown.get(index);
      if (slot === undefined) {
        slot = this.spare.pop() ?? this.make();
        this.shown.set(index, slot);
        if (!this.attached.has(slot)) {
          this.attached.add(slot);
          this.attach(slot);
        }
      }
      draw(slot, index);
    }
    for (const slot of this.spare) {
      if (this.attached.delete(slot)) this.detach(slot);
    }
  }
}
