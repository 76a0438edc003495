import type { FlagKind, FlagTable } from './flagTable';
import type { FlagValue } from './runSpec';
import type { SpecFinding } from './specFinding';

/**
 * slime, Megatron and SGLang all parse with "ignore unknown", so a misspelled flag silently does
 * nothing (slime.md 1.2). Every flag of the spec is looked up; unknown ones get the closest known name.
 * Against a table read from the box's --help an unknown flag is an error; against the bundled table it
 * is a warning, since Megatron and SGLang have flags the bundle does not list.
 */
export function lintFlags(
  args: Readonly<Record<string, FlagValue>>,
  table: FlagTable,
  authoritative: boolean,
): SpecFinding[] {
  const findings: SpecFinding[] = [];
  for (const [flag, value] of Object.entries(args)) {
    const kind = table.flags.get(flag);
    if (kind === undefined) {
      const open = table.openPrefixes.find((p) => flag.startsWith(p));
      const suggestion = closest(flag, table.flags.keys());
      if (open && !suggestion) continue;
      const hint = suggestion ? ` Did you mean ${suggestion}?` : '';
      findings.push({
        code: 'RS101',
        severity: authoritative && !open ? 'error' : 'warning',
        flag,
        message: `${flag} is not a flag of ${table.source}; slime ignores unknown flags, so it would do nothing.${hint}`,
        ...(suggestion ? { suggestion } : {}),
      });
      continue;
    }
    const shape = shapeProblem(flag, kind, table.counts?.get(flag), value);
    if (shape) findings.push({ code: 'RS102', severity: 'error', flag, message: shape });
  }
  return findings;
}

function shapeProblem(
  flag: string,
  kind: FlagKind,
  count: number | undefined,
  value: FlagValue,
): string | undefined {
  if (value === false) return undefined;
  if (kind === 'bare' && value !== true)
    return `${flag} is an on/off flag: write true to pass it, false to leave it out.`;
  if (kind !== 'bare' && value === true) return `${flag} needs a value; true would pass it bare.`;
  if (kind === 'value' && Array.isArray(value))
    return `${flag} takes one value; a list would leave the extra values as stray arguments.`;
  if (Array.isArray(value) && value.length === 0) return `${flag} has an empty list: give values or false.`;
  // An empty word (often an unset shell variable in an imported script): argparse exits 2 on it for a
  // number ("invalid int value: ''"), and a path or name would reach slime as ''.
  if ((Array.isArray(value) ? value : [value]).some((v) => typeof v === 'string' && v.trim() === ''))
    return `${flag} has an empty value: give one, or false to leave the flag out.`;
  if (count !== undefined && (!Array.isArray(value) || value.length !== count))
    return `${flag} takes exactly ${count} values (a list of ${count}); argparse stops with an error otherwise.`;
  return undefined;
}

/** The known flag within a small edit distance, for "did you mean". */
export function closest(flag: string, known: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(flag.length / 5)) + 1;
  for (const candidate of known) {
    if (Math.abs(candidate.length - flag.length) >= bestDistance) continue;
    const d = editDistance(flag, candidate, bestDistance);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** Levenshtein distance with adjacent swaps, giving up once every path exceeds limit. */
function editDistance(a: string, b: string, limit: number): number {
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        v = Math.min(v, (prev2[j - 2] ?? 0) + 1);
      row.push(v);
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin >= limit) return limit;
    prev2 = prev;
    prev = row;
  }
  return prev[b.length] ?? limit;
}
