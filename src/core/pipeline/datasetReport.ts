import { lintJsonlText } from '../toolcall/lintRecords';
import type { Profile, ToolSpec } from '../toolcall/types';
import { UNKNOWN_DOMAIN } from './rftFilter';

// An SFT dataset checked with the tool-call engine before a stage trains on it: every assistant turn is
// read the way SGLang's parser reads it, and the counts are given per domain and per task, so a user sees
// which part of the data teaches broken calls before spending GPU hours on it.

export interface DatasetPartCount {
  records: number;
  assistantTurns: number;
  /** Turns with at least one error diagnostic. */
  turnsWithErrors: number;
  errors: number;
  warnings: number;
}

export interface DatasetReport {
  total: DatasetPartCount & { problems: number };
  byDomain: Record<string, DatasetPartCount>;
  /** Keyed "domain / task". */
  byTask: Record<string, DatasetPartCount>;
  byCode: Record<string, number>;
  /** Lines that could not be read, with their line numbers. */
  problems: { line: number; message: string }[];
}

const empty = (): DatasetPartCount => ({
  records: 0,
  assistantTurns: 0,
  turnsWithErrors: 0,
  errors: 0,
  warnings: 0,
});

export function datasetReport(text: string, profile: Profile, tools?: ToolSpec[]): DatasetReport {
  const lint = lintJsonlText(text, { profile, ...(tools ? { tools } : {}) });
  const keys = recordKeys(text);
  const report: DatasetReport = {
    total: { ...empty(), problems: lint.problems.length },
    byDomain: {},
    byTask: {},
    byCode: {},
    problems: lint.problems,
  };
  const parts = (record: number): DatasetPartCount[] => {
    const { domain, task } = keys[record] ?? { domain: UNKNOWN_DOMAIN, task: '(no task)' };
    return [
      report.total,
      (report.byDomain[domain] ??= empty()),
      (report.byTask[`${domain} / ${task}`] ??= empty()),
    ];
  };
  for (let r = 0; r < lint.records; r++) for (const p of parts(r)) p.records++;
  for (const turn of lint.turns) {
    const errors = turn.analysis.diagnostics.filter((d) => d.severity === 'error').length;
    const warnings = turn.analysis.diagnostics.filter((d) => d.severity === 'warning').length;
    for (const d of turn.analysis.diagnostics) report.byCode[d.code] = (report.byCode[d.code] ?? 0) + 1;
    for (const p of parts(turn.record)) {
      p.assistantTurns++;
      p.errors += errors;
      p.warnings += warnings;
      if (errors > 0) p.turnsWithErrors++;
    }
  }
  return report;
}

/** Domain and task of each non-blank line, numbered the way lintJsonlText numbers records. */
function recordKeys(text: string): { domain: string; task: string }[] {
  const keys: { domain: string; task: string }[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    let meta: Record<string, unknown> = {};
    try {
      const value = JSON.parse(line) as unknown;
      if (isObject(value) && isObject(value.metadata)) meta = value.metadata;
    } catch {
      // The lint reports the line; it still counts as a record of no domain.
    }
    keys.push({ domain: name(meta.domain) ?? UNKNOWN_DOMAIN, task: name(meta.task_id) ?? '(no task)' });
  }
  return keys;
}

function name(v: unknown): string | undefined {
  return typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The report as lines a user reads before launching: totals, then per domain, then per task. */
export function datasetReportLines(report: DatasetReport): string[] {
  const row = (label: string, c: DatasetPartCount) =>
    `${label}: ${c.records} record(s), ${c.assistantTurns} assistant turn(s), ${c.turnsWithErrors} with errors (${c.errors} error(s), ${c.warnings} warning(s))`;
  const codes = Object.entries(report.byCode)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([code, n]) => `${code} ×${n}`)
    .join(', ');
  return [
    row('total', report.total),
    ...(report.total.problems > 0 ? [`${report.total.problems} line(s) could not be read`] : []),
    ...(codes ? [`diagnostics: ${codes}`] : []),
    ...Object.entries(report.byDomain).map(([d, c]) => row(`domain ${d}`, c)),
    ...Object.entries(report.byTask).map(([t, c]) => row(`task ${t}`, c)),
  ];
}
