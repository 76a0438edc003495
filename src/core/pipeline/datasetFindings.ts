import type { SpecFinding } from '../runspec/specFinding';
import { datasetReportLines, type DatasetReport } from './datasetReport';

// An SFT stage's dataset lint in the launch review (RS5xx: the stage's inputs). Counts are notes; turns
// the tool-call engine finds broken are a warning, since SFT would teach the model to write them; a
// dataset that cannot be read or holds nothing blocks the launch.

export function datasetFindings(path: string, report: DatasetReport): SpecFinding[] {
  const flag = '--prompt-data';
  if (report.total.records === 0)
    return [{ code: 'RS503', severity: 'error', flag, message: `${path} holds no records to train on.` }];
  const findings: SpecFinding[] = datasetReportLines(report).map((line) => ({
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
