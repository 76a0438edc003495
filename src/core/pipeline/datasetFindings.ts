import type { SpecFinding } from '../runspec/specFinding';
import { datasetReportLines, type DatasetReport } from './datasetReport';

// An SFT stage's dataset lint in the launch review (RS5xx: the stage's inputs). Counts are notes; turns
// the tool-call engine finds broken are a warning, since SFT would teach the model to write them; a
// dataset that cannot be read or holds nothing blocks the launch.

/** Task rows the review shows at most; the dialog must stay readable for datasets of many tasks. */
export const REVIEW_TASK_ROWS = 20;

export function datasetFindings(path: string, report: DatasetReport): SpecFinding[] {
  const flag = '--prompt-data';
  if (report.total.records === 0)
    return [{ code: 'RS503', severity: 'error', flag, message: `${path} holds no records to train on.` }];
  // Tasks with errors first: they are what the review is for.
  const lines = datasetReportLines(report);
  const tasks = lines.filter((l) => l.startsWith('task '));
  const shownTasks = [
    ...tasks.filter((l) => !/ 0 with errors/.test(l)),
    ...tasks.filter((l) => / 0 with errors/.test(l)),
  ];
  const shown = [...lines.filter((l) => !l.startsWith('task ')), ...shownTasks.slice(0, REVIEW_TASK_ROWS)];
  if (tasks.length > REVIEW_TASK_ROWS)
    shown.push(
      `${tasks.length - REVIEW_TASK_ROWS} more task(s); every task's counts are in the Rollout Studio log`,
    );
  const findings: SpecFinding[] = shown.map((line) => ({
    code: 'RS501',
    severity: 'info',
    flag,
    message: `${path}: ${line}`,
  }));
  if (report.total.turnsWithErrors > 0)
    findings.unshift({
      code: 'RS502',
      severity: 'warning',
      flag,
      message: `${report.total.turnsWithErrors} assistant turn(s) in ${path} have tool-call errors that SFT would teach; open the file to see them as squiggles.`,
    });
  if (report.problems.length > 0)
    findings.unshift({
      code: 'RS502',
      severity: 'warning',
      flag,
      message: `${report.problems.length} line(s) of ${path} cannot be read (first: line ${report.problems[0]?.line}: ${report.problems[0]?.message}).`,
    });
  return findings;
}

export function unreadableDataset(message: string): SpecFinding[] {
  return [{ code: 'RS503', severity: 'error', flag: '--prompt-data', message }];
}
