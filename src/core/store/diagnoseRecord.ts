import { SampleRecordSchema } from '../records/tapRecord';
import { describeIssues } from '../run/runFiles';
import { tooDeepAt, tooDeepReason } from '../../shared/jsonDepth';
import type { Annotate } from './recordEntry';

/**
 * What the store's diagnostics pass makes of one committed record: its counts; why the whole record does
 * not read (arrival read only its head), so it is listed but cannot be opened; or the engine's failure on
 * it. The same function runs on the store's thread and in the diagnostics worker threads, so both give
 * the same answer.
 */
export type Diagnosis =
  | { kind: 'counted'; errors: number; warnings: number; dropped: number }
  | { kind: 'unreadable'; reason: string }
  | { kind: 'failed'; error: string };

export function diagnoseRecord(text: string, annotate: Annotate): Diagnosis {
  let reason: string;
  const deep = tooDeepAt(text);
  if (deep >= 0) reason = `not read at column ${deep + 1}: ${tooDeepReason()}`;
  else {
    try {
      const parsed = SampleRecordSchema.safeParse(JSON.parse(text));
      if (!parsed.success) reason = describeIssues(parsed.error);
      else {
        try {
          return { kind: 'counted', ...annotate(parsed.data) };
        } catch (e) {
          return { kind: 'failed', error: String(e) };
        }
      }
    } catch (e) {
      reason = `not valid JSON: ${(e as Error).message}`;
    }
  }
  return { kind: 'unreadable', reason };
}
