import type { Turn } from '../../src/core/trajectory/turn';

/** Turns of two samples side by side, row by row; a missing side means that sample ended earlier. */
export interface AlignedRow {
  index: number;
  left: Turn | undefined;
  right: Turn | undefined;
  same: boolean;
}

/** What "the same turn" means: same speaker, same text, same calls (a recorded call has no text). */
function sameTurn(a: Turn, b: Turn): boolean {
  return (
    a.role === b.role &&
    a.text === b.text &&
    JSON.stringify(a.toolCalls.map((c) => [c.name, c.arguments])) ===
      JSON.stringify(b.toolCalls.map((c) => [c.name, c.arguments]))
  );
}

/**
 * Samples of one GRPO group share their prompt and then go their own ways; aligning by turn position
 * keeps that shared prefix on the same rows, so the first row that differs is where they diverged.
 */
export function alignTurns(
  left: readonly Turn[],
  right: readonly Turn[],
): { rows: AlignedRow[]; firstDivergence: number | null } {
  const rows: AlignedRow[] = [];
  let firstDivergence: number | null = null;
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const l = left[i];
    const r = right[i];
    const same = l !== undefined && r !== undefined && sameTurn(l, r);
    if (!same && firstDivergence === null) firstDivergence = i;
    rows.push({ index: i, left: l, right: r, same });
  }
  return { rows, firstDivergence };
}
