import type { FlagKind } from './flagTable';
import type { FlagValue } from './runSpec';

// How the Start GRPO Run wizard shows a flag's value in one line and reads back what was typed. A list
// is written as its values separated by spaces, or as a JSON array when a value has spaces of its own.

export function flagValueText(value: FlagValue): string {
  if (value === true) return 'on';
  if (value === false) return 'off (left out)';
  if (!Array.isArray(value)) return String(value);
  const words = value.map(String);
  return words.some((w) => w === '' || /\s/.test(w) || w.startsWith('['))
    ? JSON.stringify(words)
    : words.join(' ');
}

/** The text an edit box starts with: the value as it would be typed back. */
export function flagValueInput(value: FlagValue): string {
  return typeof value === 'boolean' ? '' : flagValueText(value);
}

export type ParsedFlagValue = { value: FlagValue } | { error: string };

/**
 * What was typed for a flag of this kind. Numbers stay numbers only when they read back the same
 * (so `007` or `1e-06` reach the entry exactly as typed); a list takes spaces or a JSON array.
 */
export function parseFlagValue(text: string, kind: FlagKind | undefined): ParsedFlagValue {
  const trimmed = text.trim();
  if (kind === 'bare') {
    if (trimmed === '' || /^(on|true|yes)$/i.test(trimmed)) return { value: true };
    if (/^(off|false|no)$/i.test(trimmed)) return { value: false };
    return { error: 'An on/off flag: on passes it, off leaves it out.' };
  }
  if (trimmed === '') return { error: 'A value is needed; remove the flag to leave it out.' };
  if (kind === 'list' || kind === 'append') {
    if (trimmed.startsWith('[')) {
      try {
        const parsed: unknown = JSON.parse(trimmed);
        if (
          Array.isArray(parsed) &&
          parsed.length > 0 &&
          parsed.every((v) => typeof v === 'string' || typeof v === 'number')
        )
          return { value: parsed as (string | number)[] };
      } catch {
        // Reported below.
      }
      return { error: 'A JSON array of strings or numbers, e.g. ["a b", "c"].' };
    }
    return { value: trimmed.split(/\s+/).map(scalar) };
  }
  return { value: scalar(trimmed) };
}

function scalar(text: string): string | number {
  const n = Number(text);
  return Number.isFinite(n) && String(n) === text ? n : text;
}
