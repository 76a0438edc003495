import { isRecord } from '../trajectory/turnsFromMessages';
import type { SourceFormat } from './importResult';
import { isRelaxRecord } from './relaxResults';

/**
 * Guesses a file's format from its name and first record. Only `slime-dump` (.pt pickles) is decided by the
 * name alone; everything else by content, since users rename files freely.
 */
export function detectFormat(path: string, text: string): SourceFormat | undefined {
  if (/\.pt$/i.test(path)) return 'slime-dump';
  const trimmed = text.trimStart();
  const document = parseDocument(trimmed);
  if (Array.isArray(document)) return 'tau2-recipe';
  if (isRecord(document)) {
    if (Array.isArray(document.simulations) || Array.isArray(document.simulation_index)) return 'tau2';
    if (Array.isArray(document.samples)) return 'tau2-recipe';
  }
  const first = firstRecord(trimmed);
  if (!isRecord(first)) return undefined;
  if ((first.kind === 'sample' || first.kind === 'step' || first.kind === 'tap') && 'v' in first)
    return 'tap';
  if (typeof first.phase === 'string' && 'step_id' in first) return 'episode';
  if (isRelaxRecord(first)) return 'relax';
  if ('prompt' in first || 'response' in first || 'group_index' in first) return 'tau2-recipe';
  if (Array.isArray(first.messages) || Array.isArray(first.conversations)) return 'chat';
  return undefined;
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

function firstRecord(text: string): unknown {
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      return JSON.parse(line) as unknown;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
