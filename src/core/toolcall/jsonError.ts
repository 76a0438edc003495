import { printParseErrorCode } from 'jsonc-parser';
import { parseJsonTree } from './jsonTree';

/** Where JSON text stops being JSON, and why, in words a model trainer can act on. */
export interface JsonErrorSpot {
  offset: number;
  length: number;
  reason: string;
  /** A mechanical repair, where the reason has one: the comma to delete for a trailing comma. */
  repair?: { title: string; offset: number; length: number; newText: string };
}

/** Locates the first syntax error of text that JSON.parse rejected. */
export function locateJsonError(text: string): JsonErrorSpot {
  if (text.trim() === '') return { offset: 0, length: text.length, reason: 'the block is empty' };
  const first = parseJsonTree(text).error;
  if (first === undefined) return { offset: 0, length: text.length, reason: 'it is not valid JSON' };
  const offset = Math.min(first.offset, text.length);
  const spot: JsonErrorSpot = {
    offset,
    length: Math.max(first.length, 1),
    reason: explain(text, offset, printParseErrorCode(first.error)),
  };
  if (spot.reason === TRAILING_COMMA) {
    const comma = text.slice(0, offset).trimEnd().length - 1;
    spot.repair = { title: 'Remove the trailing comma', offset: comma, length: 1, newText: '' };
  }
  return spot;
}

const TRAILING_COMMA = 'it has a trailing comma';

function explain(text: string, offset: number, code: string): string {
  const rest = text.slice(offset);
  if (offset >= text.length || code === 'UnexpectedEndOfString') {
    return 'the JSON is cut off before it ends';
  }
  if (rest.startsWith("'")) return 'it uses single quotes (a Python repr?); JSON strings need double quotes';
  const pyWord = /^(True|False|None)\b/.exec(rest);
  if (pyWord) {
    const json = pyWord[1] === 'True' ? 'true' : pyWord[1] === 'False' ? 'false' : 'null';
    return `\`${pyWord[1]}\` is Python; JSON writes ${json}`;
  }
  if ((rest.startsWith('}') || rest.startsWith(']')) && text.slice(0, offset).trimEnd().endsWith(',')) {
    return TRAILING_COMMA;
  }
  if (code === 'EndOfFileExpected') return 'more text follows the JSON value (one call per block)';
  if (code === 'PropertyNameExpected' && /^[A-Za-z_]/.test(rest))
    return 'a property name is not in double quotes';
  if (code === 'InvalidCharacter') return 'a string contains a raw control character (write \\n, \\t)';
  if (code === 'InvalidEscapeCharacter') return 'a string has an invalid escape sequence';
  if (code === 'InvalidCommentToken') return 'JSON has no comments';
  return `${code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()} here`;
}
