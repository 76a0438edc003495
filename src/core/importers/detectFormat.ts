import { isRecord } from '../trajectory/turnsFromMessages';
import type { SourceFormat } from './importResult';
import { isRelaxRecord } from './relaxResults';

// One record can mislead: a tap file whose first line lacks "v" reads as a chat dataset, which keeps no
// rewards and drops the step records. So the first records of a JSONL file each vote, and the lines that
// look like another format are named.
const RECORDS_SAMPLED = 64;

export interface FormatGuess {
  format: SourceFormat | undefined;
  /** Sampled records that look like another format than the one chosen, by line. */
  dissent: { line: number; format: SourceFormat }[];
  /** How many records were sampled (0 for a whole-file document or a name-only decision). */
  sampled: number;
}

/**
 * Guesses a file's format from its name and records. Only `slime-dump` (.pt pickles) is decided by the
 * name alone; everything else by content, since users rename files freely.
 */
export function detectFormat(path: string, text: string): FormatGuess {
  if (/\.pt$/i.test(path)) return { format: 'slime-dump', dissent: [], sampled: 0 };
  const trimmed = text.trimStart();
  const document = parseDocument(trimmed);
  const whole = (format: SourceFormat | undefined): FormatGuess => ({ format, dissent: [], sampled: 0 });
  if (Array.isArray(document)) return whole('tau2-recipe');
  if (isRecord(document)) {
    if (Array.isArray(document.simulations) || Array.isArray(document.simulation_index)) return whole('tau2');
    if (Array.isArray(document.samples)) return whole('tau2-recipe');
  }
  const records = sampleRecords(text);
  const votes = new Map<SourceFormat, number>();
  for (const r of records) if (r.format !== undefined) votes.set(r.format, (votes.get(r.format) ?? 0) + 1);
  // Most votes wins; a tie goes to the format of the earliest record among the tied.
  let format: SourceFormat | undefined;
  for (const r of records) {
    if (r.format === undefined) continue;
    if (format === undefined || (votes.get(r.format) ?? 0) > (votes.get(format) ?? 0)) format = r.format;
  }
  return {
    format,
    // Lines that look like nothing are the importer's to report (not JSON, missing fields).
    dissent: records.flatMap((r) =>
      r.format !== undefined && r.format !== format ? [{ line: r.line, format: r.format }] : [],
    ),
    sampled: records.length,
  };
}

/** What one record looks like. */
function recordFormat(record: unknown): SourceFormat | undefined {
  if (!isRecord(record)) return undefined;
  // A record that lost its "v" still has the tap's kind and step.
  const tapKind = record.kind === 'sample' || record.kind === 'step' || record.kind === 'tap';
  if (tapKind && ('v' in record || typeof record.step === 'number')) return 'tap';
  if (typeof record.phase === 'string' && 'step_id' in record) return 'episode';
  if (isRelaxRecord(record)) return 'relax';
  if ('prompt' in record || 'response' in record || 'group_index' in record) return 'tau2-recipe';
  if (Array.isArray(record.messages) || Array.isArray(record.conversations)) return 'chat';
  return undefined;
}

/** The first non-blank lines of JSONL text, each with the format it looks like (undefined: none, or not JSON). */
function sampleRecords(text: string): { line: number; format: SourceFormat | undefined }[] {
  const out: { line: number; format: SourceFormat | undefined }[] = [];
  let start = 0;
  for (let line = 1; start <= text.length && out.length < RECORDS_SAMPLED; line++) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline;
    const raw = text.slice(start, end);
    if (raw.trim() !== '') {
      let value: unknown;
      try {
        value = JSON.parse(raw);
      } catch {
        value = undefined;
      }
      out.push({ line, format: recordFormat(value) });
    }
    if (newline === -1) break;
    start = newline + 1;
  }
  return out;
}

/** The whole text as one JSON value, or undefined when it is JSONL (or not JSON at all). */
function parseDocument(text: string): unknown {
  if (!text.startsWith('{') && !text.startsWith('[')) return undefined;
  const newline = text.indexOf('\n');
  // JSONL: the first line is a complete value on its own, and the rest are more values.
  if (newline >= 0 && text.slice(newline).trim() !== '' && parses(text.slice(0, newline))) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
