import { parseArgs } from 'node:util';
import { LineIndex } from '../core/toolcall/lineIndex';
import {
  lintJsonDocument,
  lintJsonlText,
  lintRawText,
  type FileLint,
  type LintOptions,
} from '../core/toolcall/lintRecords';
import { parseProfile } from '../core/toolcall/profile';
import { NEWEST_SGLANG } from '../core/toolcall/sglangRelease';
import { toolsFromJson } from '../core/toolcall/tools';
import type { Profile, ToolSpec } from '../core/toolcall/types';

export interface LintIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  readFile: (path: string) => Promise<string>;
}

const USAGE = `Usage: rollout-studio lint <file...> [--parser qwen25|qwen|hermes|qwen3_coder] [--reasoning-parser qwen3|none]
                          [--policy sglang|single-call] [--tools tools.json] [--format text|json]
                          [--sglang <version>|main] [--force-reasoning]

Reads each assistant turn the way SGLang's tool-call and reasoning parsers do and reports what they would
drop or misread. .jsonl: one chat record per line; .json: tau2-bench results or chat records; other: one raw
completion. --sglang reads turns like that SGLang release (default: the newest, ${NEWEST_SGLANG}); --force-reasoning
runs the qwen3 reasoning parser with force_reasoning (templates that open <think> in the prompt). Exit code 0: no errors; 1: errors found; 2: bad usage or unreadable input.
`;

interface Summary {
  records: number;
  /** Every assistant turn, checked or not. */
  assistantTurns: number;
  /** Assistant turns with no raw text to check (structured tool calls). */
  turnsWithoutText: number;
  calls: number;
  errors: number;
  warnings: number;
  byCode: Record<string, number>;
}

/** `rollout-studio lint`: argv holds the arguments after `lint`. Returns the exit code. */
export async function runLintCommand(argv: string[], io: LintIo): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        parser: { type: 'string' },
        'reasoning-parser': { type: 'string' },
        policy: { type: 'string' },
        sglang: { type: 'string' },
        'force-reasoning': { type: 'boolean' },
        tools: { type: 'string' },
        format: { type: 'string', default: 'text' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    io.stderr(`rollout-studio lint: ${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = args;
  if (values.help === true) {
    io.stdout(USAGE);
    return 0;
  }
  const format = values.format;
  if (format !== 'text' && format !== 'json')
    return usageError(io, `unknown --format '${format}' (text or json)`);
  if (positionals.length === 0) return usageError(io, 'no file to lint');
  let profile: Profile;
  try {
    profile = parseProfile({
      parser: values.parser,
      reasoningParser: values['reasoning-parser'],
      policy: values.policy,
      sglang: values.sglang,
      forceReasoning: values['force-reasoning'],
    });
  } catch (e) {
    return usageError(io, (e as Error).message);
  }
  const opts: LintOptions = { profile };
  if (values.tools !== undefined) {
    const tools = await readTools(values.tools, io);
    if (tools === undefined) return 2;
    opts.tools = tools;
  }

  let unreadable = false;
  const files: { path: string; text: string; lint: FileLint }[] = [];
  for (const path of positionals) {
    let text: string;
    try {
      text = await io.readFile(path);
    } catch (e) {
      io.stderr(`rollout-studio lint: cannot read ${path}: ${(e as Error).message}\n`);
      unreadable = true;
      continue;
    }
    files.push({ path, text, lint: lintFile(path, text, opts) });
  }
  const summary = summarise(files.map((f) => f.lint));
  if (format === 'json') io.stdout(JSON.stringify(jsonReport(files, summary)) + '\n');
  else io.stdout(textReport(files, summary));
  if (unreadable) return 2;
  return summary.errors > 0 || files.some((f) => f.lint.problems.length > 0) ? 1 : 0;
}

function lintFile(path: string, text: string, opts: LintOptions): FileLint {
  if (path.endsWith('.jsonl')) return lintJsonlText(text, opts);
  if (path.endsWith('.json')) return lintJsonDocument(text, opts);
  return lintRawText(text, opts);
}

async function readTools(path: string, io: LintIo): Promise<ToolSpec[] | undefined> {
  try {
    return toolsFromJson(JSON.parse(await io.readFile(path)));
  } catch (e) {
    io.stderr(`rollout-studio lint: cannot read tools from ${path}: ${(e as Error).message}\n`);
    return undefined;
  }
}

function usageError(io: LintIo, message: string): number {
  io.stderr(`rollout-studio lint: ${message}\n${USAGE}`);
  return 2;
}

function summarise(lints: FileLint[]): Summary {
  const summary: Summary = {
    records: 0,
    assistantTurns: 0,
    turnsWithoutText: 0,
    calls: 0,
    errors: 0,
    warnings: 0,
    byCode: {},
  };
  for (const lint of lints) {
    summary.records += lint.records;
    summary.assistantTurns += lint.turns.length + (lint.withoutText ?? 0);
    summary.turnsWithoutText += lint.withoutText ?? 0;
    for (const turn of lint.turns) {
      summary.calls += turn.analysis.verdict.calls.length;
      for (const d of turn.analysis.diagnostics) {
        if (d.severity === 'error') summary.errors++;
        if (d.severity === 'warning') summary.warnings++;
        summary.byCode[d.code] = (summary.byCode[d.code] ?? 0) + 1;
      }
    }
  }
  return summary;
}

function jsonReport(files: { path: string; lint: FileLint }[], summary: Summary): unknown {
  return {
    files: files.map(({ path, lint }) => ({
      path,
      turns: lint.turns.map((t) => ({
        line: t.line,
        record: t.record,
        message: t.message,
        verdict: t.analysis.verdict,
        diagnostics: t.analysis.diagnostics.map(({ code, severity, message, start, end }) => ({
          code,
          severity,
          message,
          start,
          end,
        })),
      })),
      problems: lint.problems,
    })),
    summary,
  };
}

function textReport(files: { path: string; text: string; lint: FileLint }[], summary: Summary): string {
  let out = '';
  for (const { path, text, lint } of files) {
    const lines = new LineIndex(text);
    for (const p of lint.problems) out += `${path}:${p.line}:1: error unreadable record: ${p.message}\n`;
    for (const turn of lint.turns) {
      for (const d of turn.analysis.diagnostics) {
        const offset = turn.contentMap ? turn.contentMap(d.start) : d.start;
        out += `${path}:${lines.line(offset)}:${lines.column(offset)}: ${d.severity} ${d.code} ${d.message}\n`;
      }
    }
  }
  const codes = Object.entries(summary.byCode)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([code, n]) => `${code} ×${n}`);
  const problems = files.reduce((n, f) => n + f.lint.problems.length, 0);
  out +=
    `${summary.records} records, ${summary.assistantTurns} assistant turns${withoutTextNote(summary)}, ${summary.calls} calls: ` +
    `${summary.errors} errors, ${summary.warnings} warnings` +
    (codes.length > 0 ? ` (${codes.join(', ')})` : '') +
    (problems > 0 ? `; ${problems} unreadable` : '') +
    '\n';
  return out;
}

/** Turns that were not checked, and why: an API's structured tool calls leave no text for a parser. */
function withoutTextNote(s: Summary): string {
  if (s.turnsWithoutText === 0) return '';
  const what = 'structured tool calls an API already parsed';
  return s.turnsWithoutText === s.assistantTurns
    ? ` (none carries raw text to check: all are ${what})`
    : ` (${s.turnsWithoutText} not checked: ${what}, with no raw text)`;
}
