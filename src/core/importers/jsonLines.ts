import { tooDeepAt, tooDeepReason } from '../../shared/jsonDepth';
import { LineIndex } from '../toolcall/lineIndex';
import type { ImportProblems } from './importProblems';

/**
 * Parses each non-blank line as JSON; unparseable lines, and lines nested deeper than any reader goes, are
 * reported with their line number and skipped.
 */
export function* jsonLines(
  text: string,
  problems: ImportProblems,
): Generator<{ line: number; value: unknown }> {
  const lines = text.split('\n');
  for (const [i, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === '') continue;
    const deep = tooDeepAt(line);
    if (deep >= 0) {
      problems.report(i + 1, '', `not read at column ${deep + 1}: ${tooDeepReason()}`);
      problems.skipped++;
      continue;
    }
    try {
      yield { line: i + 1, value: JSON.parse(line) as unknown };
    } catch (e) {
      problems.report(i + 1, '', `not JSON: ${(e as Error).message}`);
      problems.skipped++;
    }
  }
}

/** Reports a whole-file JSON document nested deeper than any reader goes, at the line it crosses that depth. */
export function documentTooDeep(text: string, problems: ImportProblems): boolean {
  const deep = tooDeepAt(text);
  if (deep < 0) return false;
  problems.report(new LineIndex(text).line(deep), '', `not read: ${tooDeepReason()}`);
  problems.skipped++;
  return true;
}
