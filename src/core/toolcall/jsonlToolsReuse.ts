import type { RecordTools } from './chatRecord';
import { jsonEqual } from './jsonEqual';
import { tryJsonParse } from './pyJsonLoads';
import { isPlainObject } from './pythonText';

const GIVE_UP_AFTER = 16;

/**
 * Datasets repeat the same `tools` array on every line. Reading it anew for each record (tool specs, then a
 * structural comparison of each schema with the validators' cache) costs a good share of the lint, so when a
 * line ends with exactly the `"tools": [...]}` text of the previous record, that record's tools are reused,
 * same objects and all. The text is trusted only after it was checked once to parse to the record's tools.
 */
export class JsonlToolsReuse {
  /** The remembered line tail: the `"tools":` key, the raw value, the closing brace. */
  private tail: string | undefined;
  private tools: RecordTools | undefined;
  private misses = 0;
  private hits = 0;

  /** The previous record's tools if this line carries the same ones. */
  lookup(line: string): RecordTools | undefined {
    if (this.matchStart(line) === -1) return undefined;
    this.hits++;
    return this.tools;
  }

  /**
   * The JSON text of a line whose tools lookup found, without its tools member: all the linter still has to
   * parse, since the tools are known. The cut text is valid JSON exactly when the whole line is, because the
   * member cut is the last of the top-level object and its text is one that parsed before; undefined when the
   * member cannot be cut that cleanly.
   */
  withoutTools(line: string): string | undefined {
    const start = this.matchStart(line);
    if (start === -1) return undefined;
    const before = skipSpaceBack(line, start - 1);
    // `{"tools": [...]}`: the record keeps its braces.
    if (line.charCodeAt(before) === 0x7b) return line.slice(0, before + 1) + line.slice(contentEnd(line) - 1);
    // `..., "tools": [...]}`: the comma goes too, unless nothing but `{` precedes it (not JSON either way).
    if (line.charCodeAt(before) !== 0x2c || line.charCodeAt(skipSpaceBack(line, before - 1)) === 0x7b) {
      return undefined;
    }
    return line.slice(0, before) + line.slice(contentEnd(line) - 1);
  }

  /** Where the remembered tail starts in the line, or -1 when the line does not end with it. */
  private matchStart(line: string): number {
    const tail = this.tail;
    if (tail === undefined) return -1;
    const end = contentEnd(line);
    const start = end - tail.length;
    // A comparison of the tail only, with no search through the line; slice and === because V8 compares
    // flat contents at memory speed but startsWith character by character. The character before the key
    // must be one that can precede an object key, so the key is not the end of a longer key like "a\"tools".
    if (start <= 0 || line.slice(start, end) !== tail) return -1;
    if (!/[\s,{]/.test(line[start - 1] ?? '')) return -1;
    return start;
  }

  /** Records the tools just read for a line, to be reused by the next lines. */
  remember(line: string, record: unknown, tools: RecordTools): void {
    this.tail = undefined;
    // A dataset whose records each carry different tools would only pay for the check.
    if (this.hits === 0 && ++this.misses > GIVE_UP_AFTER) return;
    if (!isPlainObject(record)) return;
    const end = contentEnd(line);
    const key = line.indexOf('"tools"');
    if (key === -1 || line[end - 1] !== '}') return;
    let value = key + '"tools"'.length;
    while (value < end && (line[value] === ' ' || line[value] === ':')) value++;
    const parsed = tryJsonParse(line.slice(value, end - 1));
    if (!parsed.ok || !jsonEqual(parsed.value, record.tools)) return;
    this.tail = line.slice(key, end);
    this.tools =
      tools.toolsProblem === undefined
        ? { tools: tools.tools }
        : { tools: tools.tools, toolsProblem: tools.toolsProblem };
  }
}

/** The index of the last character at or before `from` that is not JSON whitespace, or -1. */
function skipSpaceBack(line: string, from: number): number {
  let i = from;
  for (; i >= 0; i--) {
    const c = line.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
  }
  return i;
}

/** The end of the line without trailing whitespace (a CRLF file leaves \r). */
function contentEnd(line: string): number {
  let end = line.length;
  while (end > 0 && /\s/.test(line[end - 1] ?? '')) end--;
  return end;
}
