import type { ImportProblems } from './importProblems';

/** Parses each non-blank line as JSON; unparseable lines are reported with their line number and skipped. */
export function* jsonLines(
  text: string,
  problems: ImportProblems,
): Generator<{ line: number; value: unknown }> {
  const lines = text.split('\n');
  for (const [i, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === '') continue;
    try {
      yield { line: i + 1, value: JSON.parse(line) as unknown };
    } catch (e) {
      problems.report(i + 1, '', `not JSON: ${(e as Error).message}`);
      problems.skipped++;
    }
  }
}
