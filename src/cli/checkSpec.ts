import { parse, printParseErrorCode } from 'jsonc-parser';
import type { ParseError } from 'jsonc-parser';
import { describeIssues } from '../core/run/runFiles';
import { BUNDLED_FLAGS } from '../core/runspec/flagTable';
import type { FlagTable } from '../core/runspec/flagTable';
import { flagsFromHelp } from '../core/runspec/helpFlags';
import { lintSpec } from '../core/runspec/lintSpec';
import { PRESETS } from '../core/runspec/presets';
import { RunSpecSchema } from '../core/runspec/runSpec';
import { lintSpecFile } from '../core/runspec/specFileLint';
import type { SpecFinding } from '../core/runspec/specFinding';
import { LineIndex } from '../core/toolcall/lineIndex';
import { parseCommandArgs } from './commandArgs';
import type { Io } from './convert';

const USAGE = `Usage: rollout-studio check-spec (<spec.json> | --preset <id>) [--help-file <help.txt>] [--format text|json]

Runs the lint Start GRPO Run and the run-spec editor run: every flag against slime's flag table (a
misspelt flag, a list where one value goes, an empty value, …), slime's late rules, and the spec's own
shape. --help-file is what 'python3 train.py --help' prints on the box (the launch checks against that,
and an unknown flag is then an error); without it the bundled flag table is used. 'rollout-studio presets'
lists the preset ids. Exit code 0: no errors; 1: errors found; 2: bad usage or unreadable input.`;

/** `rollout-studio check-spec`: the spec lint from the command line. */
export async function runCheckSpecCommand(argv: string[], io: Io): Promise<number> {
  const parsed = parseCommandArgs(
    argv,
    {
      preset: { type: 'string' },
      'help-file': { type: 'string' },
      format: { type: 'string', default: 'text' },
    },
    USAGE,
    io,
  );
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const format = values.format;
  const hasPreset = values.preset !== undefined;
  if ((format !== 'text' && format !== 'json') || positionals.length !== (hasPreset ? 0 : 1)) {
    io.stderr(`${USAGE}\n`);
    return 2;
  }
  let helpTable: FlagTable | undefined;
  if (values['help-file'] !== undefined) {
    helpTable = await readHelp(values['help-file'], io);
    if (!helpTable) return 2;
  }
  const options = helpTable ? { helpTable } : {};
  const source = helpTable?.source ?? BUNDLED_FLAGS.source;

  let findings: (SpecFinding & { where?: string })[];
  let name: string;
  if (hasPreset) {
    const preset = PRESETS.find((p) => p.id === values.preset);
    if (!preset) {
      io.stderr(
        `check-spec: no preset '${values.preset}'; the presets are ${PRESETS.map((p) => p.id).join(', ')}\n`,
      );
      return 2;
    }
    name = `preset ${preset.id}`;
    findings = lintSpec(RunSpecSchema.parse(preset.spec), options);
  } else {
    const path = positionals[0] as string;
    const spec = await readSpec(path, io);
    if (!spec) return 2;
    name = path;
    // The spec editor's lint: each finding on the key it names, so the text says file:line:column.
    const lines = new LineIndex(spec.text);
    findings = lintSpecFile(spec.text, options).map((f) => ({
      ...f,
      where: `${path}:${lines.line(f.offset)}:${lines.column(f.offset)}`,
    }));
  }

  const errors = findings.filter((f) => f.severity === 'error').length;
  if (format === 'json') {
    const diagnostics = findings.map((f) => ({
      code: f.code,
      severity: f.severity,
      flag: f.flag ?? null,
      message: f.message,
    }));
    io.stdout(`${JSON.stringify({ diagnostics }, null, 2)}\n`);
  } else {
    for (const f of findings)
      io.stdout(`${f.where ?? name}: ${f.severity} ${f.code}${f.flag ? ` ${f.flag}` : ''}: ${f.message}\n`);
    const warnings = findings.filter((f) => f.severity === 'warning').length;
    const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
    io.stdout(
      `${name}: ${count(errors, 'error')}, ${count(warnings, 'warning')} (flags checked against ${source})\n`,
    );
  }
  return errors > 0 ? 1 : 0;
}

async function readHelp(path: string, io: Io): Promise<FlagTable | undefined> {
  let text: string;
  try {
    text = await io.readFile(path);
  } catch (e) {
    io.stderr(`check-spec: cannot read --help-file ${path}: ${(e as Error).message}\n`);
    return undefined;
  }
  const table = flagsFromHelp(text, `${path} (train.py --help)`, BUNDLED_FLAGS.openPrefixes);
  if (!table)
    io.stderr(
      `check-spec: ${path} is not argparse --help output (no 'usage:' line, or no options); save what 'python3 train.py --help' prints in the slime checkout\n`,
    );
  return table;
}

/**
 * The spec file's text once it is known to be a run spec (lintSpecFile says nothing about one that is
 * not). Read as the spec editor reads it: comments and trailing commas are allowed.
 */
async function readSpec(path: string, io: Io): Promise<{ text: string } | undefined> {
  let text: string;
  try {
    text = await io.readFile(path);
  } catch (e) {
    io.stderr(`check-spec: cannot read ${path}: ${(e as Error).message}\n`);
    return undefined;
  }
  const errors: ParseError[] = [];
  const raw: unknown = parse(text, errors, { allowTrailingComma: true, disallowComments: false });
  const first = errors[0];
  if (first) {
    const lines = new LineIndex(text);
    const at = `${path}:${lines.line(first.offset)}:${lines.column(first.offset)}`;
    io.stderr(`check-spec: ${at}: not JSON (${printParseErrorCode(first.error)})\n`);
    return undefined;
  }
  const parsed = RunSpecSchema.safeParse(raw);
  if (!parsed.success) {
    io.stderr(`check-spec: ${path} is not a run spec: ${describeIssues(parsed.error)}\n`);
    return undefined;
  }
  return { text };
}
