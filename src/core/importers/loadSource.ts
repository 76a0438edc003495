import { LineIndex } from '../toolcall/lineIndex';
import { detectFormat, type FormatGuess } from './detectFormat';
import type { ImportOptions } from './importOptions';
import type { ImportProblem } from './importProblems';
import type { ImportResult, SourceFormat } from './importResult';
import { importText } from './importText';
import { importRelaxResultDir, relaxResultFiles } from './relaxResults';
import type { ListDir } from './relaxResults';
import { importTapRecords } from './tapImporter';
import { importTau2ResultsDir } from './tau2ResultsDir';

export interface SourceReader {
  readFile: (path: string) => Promise<string>;
  /** Turns a slime `.pt` debug dump into tap JSONL; needs Python with torch, so callers supply it. */
  convertDump?: (path: string) => Promise<string>;
  /** Lists a directory's entries; needed to read a Relax `rollout_result` folder. */
  listDir?: ListDir;
}

/** Thrown when a source cannot be read at all (as opposed to records inside it, which are reported). */
export class SourceError extends Error {}

/**
 * Reads one source of any supported format. A directory, or a v1 `results.json` whose simulations live in
 * separate files, is read as a tau2 directory layout.
 */
export async function loadSource(
  path: string,
  from: SourceFormat | 'auto',
  reader: SourceReader,
  options: ImportOptions = {},
): Promise<ImportResult> {
  if (from === 'slime-dump' || (from === 'auto' && /\.pt$/i.test(path))) {
    if (reader.convertDump === undefined)
      throw new SourceError(`${path}: reading .pt dumps needs Python with torch`);
    return { ...importTapRecords(await reader.convertDump(path), path, options), format: 'slime-dump' };
  }
  let text: string;
  try {
    text = await reader.readFile(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EISDIR') return loadDirectory(path, from, reader, options);
    throw new SourceError(`${path}: cannot read: ${(e as Error).message}`);
  }
  const guess = from === 'auto' ? detectFormat(path, text) : undefined;
  const format = from === 'auto' ? guess?.format : from;
  if (format === undefined) {
    if (text.trim() === '') throw new SourceError(`${path}: the file is empty`);
    const nul = text.indexOf('\0');
    if (nul >= 0) {
      const line = new LineIndex(text).line(nul);
      throw new SourceError(`${path}:${line}: binary data (a NUL byte), not JSON text`);
    }
    throw new SourceError(`${path}: cannot tell which format this is; name it with --from`);
  }
  if (format === 'slime-dump') throw new SourceError(`${path}: a slime dump must be a .pt file`);
  if (
    format === 'tau2' &&
    /"simulation_index"\s*:\s*\[\s*\{/.test(text) &&
    /(^|\/)results\.json$/.test(path)
  ) {
    return importTau2ResultsDir(path.replace(/\/?results\.json$/, '') || '.', reader.readFile, options);
  }
  const result = importText(format, text, path, options);
  if (guess !== undefined) checkGuess(path, guess, result);
  return result;
}

const DISSENT_SHOWN = 10;

/**
 * A guessed format is only as good as what it reads: records that looked like another format are named
 * by line, and a guess that left most records out gives no figures at all.
 */
function checkGuess(path: string, guess: FormatGuess, result: ImportResult): void {
  const read = result.samples.length + result.steps.length;
  if (result.skipped > read) {
    throw new SourceError(
      `${path}: read as ${result.format} (guessed from its records), ${result.skipped} of ${result.skipped + read} records could not be read, so no figures are given; name the format with --from`,
    );
  }
  if (guess.dissent.length === 0) return;
  const agreeing = guess.sampled - guess.dissent.length;
  const problems: ImportProblem[] = guess.dissent.slice(0, DISSENT_SHOWN).map(({ line, format }) => ({
    file: path,
    line,
    path: '(root)',
    message: `this record looks like ${format}, but ${agreeing} of the first ${guess.sampled} look like ${result.format}, so the file is read as ${result.format}; name the format with --from if that is wrong`,
  }));
  const more = guess.dissent.length - DISSENT_SHOWN;
  if (more > 0) {
    const lines = guess.dissent.slice(DISSENT_SHOWN).map((d) => d.line);
    problems.push({
      file: path,
      path: '(root)',
      message: `${more} more records look like another format than ${result.format} (lines ${lines.join(', ')})`,
    });
  }
  result.problems.unshift(...problems);
}

/**
 * A directory is a Relax `rollout_result` folder when it (or it itself being `train`/`eval`) holds
 * `<step>.jsonl` files, and a tau2 v1 results directory otherwise.
 */
async function loadDirectory(
  path: string,
  from: SourceFormat | 'auto',
  reader: SourceReader,
  options: ImportOptions,
): Promise<ImportResult> {
  if ((from === 'auto' || from === 'relax') && reader.listDir !== undefined) {
    let files: string[];
    try {
      files = await relaxResultFiles(path, reader.listDir);
    } catch (e) {
      throw new SourceError(`${path}: cannot list: ${(e as Error).message}`);
    }
    if (files.length > 0) return importRelaxResultDir(files, reader.readFile, options);
    if (from === 'relax')
      throw new SourceError(`${path}: no train/<step>.jsonl or eval/<step>.jsonl files in this folder`);
  }
  return importTau2ResultsDir(path, reader.readFile, options);
}
