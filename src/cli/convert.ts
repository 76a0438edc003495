import { execFile } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import { dirname, join } from 'node:path';
import { formatProblem } from '../core/importers/importProblems';
import type { ImportResult, SourceFormat } from '../core/importers/importResult';
import { loadSource, SourceError } from '../core/importers/loadSource';
import type { SourceReader } from '../core/importers/loadSource';
import { parseProfile } from '../core/toolcall/profile';
import { profileAnalyzer } from '../core/trajectory/profileAnalyzer';
import { toTapRecords } from '../core/trajectory/toTapRecords';
import { parseCommandArgs } from './commandArgs';

export interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  readFile: (p: string) => Promise<string>;
  /** Directory entries, for folder sources (a Relax `rollout_result` folder). */
  listDir?: (p: string) => Promise<string[]>;
}

const FORMATS = ['auto', 'tap', 'slime-dump', 'tau2', 'tau2-recipe', 'episode', 'chat', 'relax'] as const;

const USAGE = `Usage: rollout-studio convert <file> [--from ${FORMATS.join('|')}] --out <records.jsonl>

Converts any supported rollout source to the tap's record format (one JSON record per line), so it opens
like a live run. '--out -' writes to stdout. Sources: the tap's rollouts.jsonl, slime --save-debug-rollout-data
.pt dumps (needs Python with torch: --python or $ROLLOUT_STUDIO_PYTHON, default python3), tau2-bench results
(v0.x file or v1 directory), tau2 recipe / slime sample JSONL, episode.jsonl logs, OpenAI chat JSONL,
Relax rollout_result step files (<dir>/train/<step>.jsonl, <dir>/eval/<step>.jsonl) or the whole folder.
Records that cannot be read are reported on stderr as file:line: field: problem and left out.`;

const DUMP_CONVERTER = 'convert_debug_rollout.py';

export async function runConvertCommand(argv: string[], io: Io): Promise<number> {
  const parsed = parseCommandArgs(
    argv,
    {
      from: { type: 'string', default: 'auto' },
      out: { type: 'string' },
      python: { type: 'string' },
    },
    USAGE,
    io,
  );
  if (typeof parsed === 'number') return parsed;
  const from = parseFrom(parsed.values.from);
  const [file, ...extra] = parsed.positionals;
  const out = parsed.values.out;
  if (file === undefined || extra.length > 0 || out === undefined || from === undefined) {
    io.stderr(`${USAGE}\n`);
    return 2;
  }
  const result = await loadOrReport(file, from, io, parsed.values.python);
  if (result === undefined) return 2;
  const text = toTapRecords(result.samples, result.steps)
    .map((r) => `${JSON.stringify(r)}\n`)
    .join('');
  if (out === '-') io.stdout(text);
  else await fs.writeFile(out, text);
  io.stderr(`${file}: ${result.samples.length} samples, ${result.steps.length} steps (${result.format})\n`);
  return 0;
}

export function parseFrom(value: string | undefined): SourceFormat | 'auto' | undefined {
  return FORMATS.find((f) => f === value);
}

/** Loads a source with the tool-call engine's default profile; prints problems; undefined if unreadable. */
export async function loadOrReport(
  file: string,
  from: SourceFormat | 'auto',
  io: Io,
  python?: string,
): Promise<ImportResult | undefined> {
  const reader: SourceReader = { readFile: io.readFile, convertDump: (p) => convertDump(p, python) };
  if (io.listDir !== undefined) reader.listDir = io.listDir;
  try {
    const result = await loadSource(file, from, reader, { analyzer: profileAnalyzer(parseProfile({})) });
    reportProblems(result, io);
    return result;
  } catch (e) {
    if (!(e instanceof SourceError)) throw e;
    io.stderr(`rollout-studio: ${e.message}\n`);
    return undefined;
  }
}

const SHOWN_PROBLEMS = 20;

function reportProblems(result: ImportResult, io: Io): void {
  for (const p of result.problems.slice(0, SHOWN_PROBLEMS)) io.stderr(`${formatProblem(p)}\n`);
  const more = result.problems.length - SHOWN_PROBLEMS;
  if (more > 0) io.stderr(`… and ${more} more problems\n`);
  if (result.skipped > 0) io.stderr(`${result.skipped} unreadable records left out\n`);
}

/**
 * A file shipped in media/: next to the CLI bundle (dist/cli.js → media/), or the repository's own when the
 * CLI runs from source.
 */
export function mediaFile(relative: string): string | undefined {
  const bundled = join(dirname(process.argv[1] ?? ''), '..', 'media', relative);
  return [bundled, join('media', relative)].find((p) => existsSync(p));
}

/** Runs the dump converter shipped in media/ with a Python that has torch. */
function convertDump(path: string, python?: string): Promise<string> {
  const script = mediaFile(DUMP_CONVERTER);
  if (script === undefined)
    return Promise.reject(new SourceError(`${DUMP_CONVERTER} not found next to the CLI`));
  const interpreter = python ?? process.env.ROLLOUT_STUDIO_PYTHON ?? 'python3';
  return new Promise((resolve, reject) => {
    execFile(interpreter, [script, path], { maxBuffer: 1 << 30 }, (error, stdout, stderr) => {
      if (error) {
        reject(
          new SourceError(
            `${path}: ${interpreter} ${DUMP_CONVERTER} failed: ${stderr.trim() || error.message}`,
          ),
        );
      } else resolve(stdout);
    });
  });
}
