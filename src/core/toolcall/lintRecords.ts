import { analyzeTurn } from './analyzeTurn';
import { RecordError, turnsOfRecord, type RecordTools, type RecordTurn } from './chatRecord';
import { tooDeepAt, tooDeepReason } from '../../shared/jsonDepth';
import { locateJsonError } from './jsonError';
import { JsonSource } from './jsonSource';
import { JsonlToolsReuse } from './jsonlToolsReuse';
import { LineIndex } from './lineIndex';
import { tryJsonParse } from './pyJsonLoads';
import { isPlainObject } from './pythonText';
import { turnsOfTau2Results } from './tau2Results';
import type { Profile, ToolSpec, TurnAnalysis } from './types';
import { runSliced, type WorkControl } from '../work/slicedWork';

export interface LintedTurn {
  /** 1-based line in the file: of the record in JSONL, of the message in a JSON document. */
  line: number;
  /** 0-based index of the record (the simulation, in tau2 results). */
  record: number;
  /** 0-based index of the assistant message in its message list. */
  message: number;
  analysis: TurnAnalysis;
  /** Length of the turn text (UTF-16 units): with contentMap, where the turn ends in the file. */
  length: number;
  /** Maps an offset in the turn text to the offset of that character in the file text, through JSON escapes. */
  contentMap?: (turnOffset: number) => number;
}

/** A record that could not be read at all, or a part of it that was skipped. */
export interface LintProblem {
  line: number;
  message: string;
}

export interface FileLint {
  turns: LintedTurn[];
  problems: LintProblem[];
  records: number;
  /**
   * Assistant turns not in `turns` because they carry no raw text to check: tau2 results of an agent
   * whose API returned structured tool calls (content null).
   */
  withoutText?: number;
}

export interface LintOptions {
  profile: Profile;
  /** Tools for records that name none of their own. */
  tools?: ToolSpec[];
}

/**
 * Lints a JSONL dataset: one OpenAI chat record or slime sample record per line. A line that cannot be read
 * becomes a problem and the rest goes on. Offsets into the file are worked out only when asked for.
 */
export function lintJsonlText(text: string, opts: LintOptions): FileLint {
  const out: FileLint = { turns: [], problems: [], records: 0 };
  for (const _ of jsonlLintSteps(text, opts, out));
  return out;
}

/**
 * The same, a slice at a time: progress in UTF-16 units of the text read (of text.length); an abort
 * throws at the next slice boundary and nothing of the file is returned.
 */
export async function lintJsonlTextSliced(
  text: string,
  opts: LintOptions,
  control: WorkControl,
): Promise<FileLint> {
  const out: FileLint = { turns: [], problems: [], records: 0 };
  await runSliced(jsonlLintSteps(text, opts, out), text.length, control);
  return out;
}

/** Lints one line at a time into `out`, yielding how far into the text it has read. */
function* jsonlLintSteps(text: string, opts: LintOptions, out: FileLint): Generator<number> {
  const toolsReuse = new JsonlToolsReuse();
  let lineStart = 0;
  let lineNumber = 0;
  while (lineStart < text.length) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline === -1 ? text.length : newline;
    const line = text.slice(lineStart, lineEnd);
    lineNumber++;
    if (line.trim() !== '') {
      lintJsonlLine(text, line, lineStart, lineNumber, out.records, opts, out, toolsReuse);
      out.records++;
    }
    lineStart = lineEnd + 1;
    yield lineStart;
  }
}

function lintJsonlLine(
  file: string,
  line: string,
  lineStart: number,
  lineNumber: number,
  record: number,
  opts: LintOptions,
  out: FileLint,
  toolsReuse: JsonlToolsReuse,
): void {
  const deep = tooDeepAt(line);
  if (deep >= 0) {
    out.problems.push({ line: lineNumber, message: `not read at column ${deep + 1}: ${tooDeepReason()}` });
    return;
  }
  const known = toolsReuse.lookup(line);
  // With the tools known, the line's tools member need not be parsed again: it is most of a record's objects.
  const rest = known === undefined ? undefined : toolsReuse.withoutTools(line);
  const cut = rest === undefined ? undefined : tryJsonParse(rest);
  let value: unknown;
  if (cut?.ok === true) value = cut.value;
  else {
    try {
      value = JSON.parse(line);
    } catch {
      const spot = locateJsonError(line);
      out.problems.push({
        line: lineNumber,
        message: `not valid JSON at column ${spot.offset + 1}: ${spot.reason}`,
      });
      return;
    }
  }
  const source = new JsonSource(file, lineStart, line);
  const read = readRecord(value, out, lineNumber, known, (turn, tools) => {
    out.turns.push(lintTurn(turn, tools ?? opts.tools, opts.profile, lineNumber, record, source, turn.path));
  });
  if (known === undefined && read !== undefined) toolsReuse.remember(line, value, read);
}

/** Lints a JSON document: tau2-bench results, an array of chat records, or one chat record. */
export function lintJsonDocument(text: string, opts: LintOptions): FileLint {
  const lines = new LineIndex(text);
  const deep = tooDeepAt(text);
  if (deep >= 0) {
    return {
      turns: [],
      problems: [{ line: lines.line(deep), message: `not read: ${tooDeepReason()}` }],
      records: 0,
    };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    const spot = locateJsonError(text);
    return {
      turns: [],
      problems: [{ line: lines.line(spot.offset), message: `not valid JSON: ${spot.reason}` }],
      records: 0,
    };
  }
  const source = new JsonSource(text, 0, text);
  const lineOf = (path: (string | number)[]): number => {
    const node = source.node(path);
    return node === undefined ? 1 : lines.line(node.offset);
  };

  if (isPlainObject(value) && Array.isArray(value.simulations)) {
    const tau2 = turnsOfTau2Results(value, value.simulations);
    const out: FileLint = { turns: [], problems: [], records: tau2.records, withoutText: tau2.withoutText };
    for (const p of tau2.problems) {
      out.problems.push({ line: p.record < 0 ? 1 : lineOf(['simulations', p.record]), message: p.message });
    }
    for (const turn of tau2.turns) {
      const line = lineOf(['simulations', turn.record, 'messages', turn.message]);
      out.turns.push(
        lintTurn(turn, tau2.tools ?? opts.tools, opts.profile, line, turn.record, source, turn.path),
      );
    }
    return out;
  }

  const records = Array.isArray(value) ? value : [value];
  const out: FileLint = { turns: [], problems: [], records: records.length };
  records.forEach((record, index) => {
    const prefix = Array.isArray(value) ? [index] : [];
    readRecord(record, out, lineOf(prefix), undefined, (turn, tools) => {
      const line = lineOf([...prefix, ...(turn.path ?? []).slice(0, 2)]);
      const path = turn.path === undefined ? undefined : [...prefix, ...turn.path];
      out.turns.push(lintTurn(turn, tools ?? opts.tools, opts.profile, line, index, source, path));
    });
  });
  return out;
}

/** Lints a raw completion: the whole text is one assistant turn. */
export function lintRawText(text: string, opts: LintOptions): FileLint {
  const turn = lintTurn(
    { message: 0, text, path: undefined },
    opts.tools,
    opts.profile,
    1,
    0,
    undefined,
    undefined,
  );
  return { turns: [turn], problems: [], records: 1 };
}

/** Lints each turn of a record; returns the record's tools, or undefined when it could not be read. */
function readRecord(
  value: unknown,
  out: FileLint,
  line: number,
  known: RecordTools | undefined,
  each: (turn: RecordTurn, tools: ToolSpec[] | undefined) => void,
): RecordTools | undefined {
  let read;
  try {
    read = turnsOfRecord(value, known);
  } catch (e) {
    if (!(e instanceof RecordError)) throw e;
    out.problems.push({ line, message: e.message });
    return undefined;
  }
  if (read.toolsProblem !== undefined) {
    out.problems.push({ line, message: `${read.toolsProblem}; names and arguments not checked` });
  }
  for (const turn of read.turns) each(turn, read.tools);
  return read;
}

function lintTurn(
  turn: RecordTurn,
  tools: ToolSpec[] | undefined,
  profile: Profile,
  line: number,
  record: number,
  source: JsonSource | undefined,
  path: readonly (string | number)[] | undefined,
): LintedTurn {
  const opts: Parameters<typeof analyzeTurn>[1] = { profile };
  if (tools !== undefined) opts.tools = tools;
  if (turn.finishReason !== undefined) opts.finishReason = turn.finishReason;
  const analysis = analyzeTurn(turn.text, opts);
  if (source === undefined || path === undefined) {
    return { line, record, message: turn.message, length: turn.text.length, analysis };
  }
  return new MappedTurn(line, record, turn.message, turn.text.length, analysis, source, path);
}

/**
 * A turn whose text is a JSON string in the file. A class rather than a closure per turn: a dataset's lint
 * keeps every turn, and the fewer objects each holds, the less the garbage collector copies.
 */
class MappedTurn implements LintedTurn {
  // True private fields: a turn sent to a webview or written as JSON must not carry the file along.
  readonly #source: JsonSource;
  readonly #path: readonly (string | number)[];
  #map: ((offset: number) => number) | undefined;

  constructor(
    readonly line: number,
    readonly record: number,
    readonly message: number,
    readonly length: number,
    readonly analysis: TurnAnalysis,
    source: JsonSource,
    path: readonly (string | number)[],
  ) {
    this.#source = source;
    this.#path = path;
  }

  get contentMap(): (turnOffset: number) => number {
    return (offset) => (this.#map ??= this.#source.stringMap(this.#path))(offset);
  }
}
