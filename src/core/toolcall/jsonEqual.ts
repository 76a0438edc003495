/** Structural equality of two values decoded from JSON, at any depth (pairs wait on a heap stack). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  const pending: unknown[] = [a, b];
  while (pending.length > 0) {
    const y = pending.pop();
    const x = pending.pop();
    if (x === y) continue;
    if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null) return false;
    if (Array.isArray(x)) {
      if (!Array.isArray(y) || x.length !== y.length) return false;
      for (let i = 0; i < x.length; i++) pending.push(x[i], y[i]);
      continue;
    }
    if (Array.isArray(y)) return false;
    const rx = x as Record<string, unknown>;
    const ry = y as Record<string, unknown>;
    // for…in instead of Object.keys: this runs once per tool per record, and allocating key arrays shows.
    let count = 0;
    for (const k in rx) {
      if (!Object.hasOwn(rx, k)) continue;
      if (!Object.hasOwn(ry, k)) return false;
      pending.push(rx[k], ry[k]);
      count++;
    }
    for (const k in ry) if (Object.hasOwn(ry, k)) count--;
    if (count !== 0) return false;
  }
  return true;
}
