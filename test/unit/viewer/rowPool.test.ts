import { describe, expect, it } from 'vitest';
import { RowPool } from '../../../webview/viewer/rowPool';

/** A pool of numbered slots that records what was made, put in the page and taken out of it. */
function pool() {
  let made = 0;
  const attached = new Set<number>();
  const events: string[] = [];
  const p = new RowPool<number>(
    () => made++,
    (s) => {
      expect(attached.has(s)).toBe(false);
      attached.add(s);
      events.push(`+${s}`);
    },
    (s) => {
      expect(attached.delete(s)).toBe(true);
      events.push(`-${s}`);
    },
  );
  const show = (first: number, last: number) => {
    const drawn = new Map<number, number>();
    p.update(first, last, (slot, index) => drawn.set(index, slot));
    return drawn;
  };
  return { show, attached, events, made: () => made };
}

describe('RowPool', () => {
  it("keeps the slot of a row that stays in view and gives a leaving row's slot to the row that comes", () => {
    const { show, made, events } = pool();
    const a = show(0, 9);
    expect([...a.keys()]).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(new Set(a.values()).size).toBe(10);
    events.length = 0;
    const b = show(3, 12);
    for (let i = 3; i <= 9; i++) expect(b.get(i)).toBe(a.get(i));
    // Rows 10-12 took over the slots of rows 0-2: nothing new was made, put in or taken out.
    expect(new Set([b.get(10), b.get(11), b.get(12)])).toEqual(new Set([a.get(0), a.get(1), a.get(2)]));
    expect(made()).toBe(10);
    expect(events).toEqual([]);
  });

  it('takes spare slots out of the page when fewer rows show, and puts them back when more do', () => {
    const { show, made, attached } = pool();
    show(0, 9);
    const fewer = show(5, 11);
    expect(attached).toEqual(new Set(fewer.values()));
    expect(attached.size).toBe(7);
    const more = show(100, 109);
    expect(attached).toEqual(new Set(more.values()));
    expect(made()).toBe(10);
    expect(show(0, -1).size).toBe(0);
    expect(attached.size).toBe(0);
  });

  it('a steady scroll, one row at a time or many, never makes more slots than the most rows shown', () => {
    const { show, made, attached } = pool();
    for (let top = 0; top < 2000; top += 1 + (top % 17)) {
      const window = 50 + (top % 2);
      const drawn = show(top, top + window - 1);
      expect(drawn.size).toBe(window);
      expect(new Set(drawn.values()).size).toBe(window);
      expect(attached).toEqual(new Set(drawn.values()));
    }
    expect(made()).toBe(51);
  });
});
