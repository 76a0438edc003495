import { EVAL_FILES, EvalProvenanceSchema } from '../../core/eval/evalProvenance';
import { readEvalReport } from '../../core/eval/evalReport';
import { chooseAttempts, evalResult } from '../../core/eval/evalResult';
import type { EvalResult } from '../../core/eval/evalResult';
import type { ImportProblem } from '../../core/importers/importProblems';
import { importTau2ResultsFile } from '../../core/importers/tau2Results';
import { describeIssues, RUN_FILES } from '../../core/run/runFiles';
import { toTapRecords } from '../../core/trajectory/toTapRecords';
import type { TrajectorySample } from '../../core/trajectory/sample';
import type { Target } from '../target';

// After an eval run ends, what it wrote is read once on the extension's side and laid out in its run
// directory the way every run is read: its attempts become the run's rollouts.jsonl (tap records), so
// the explorer and the trajectory viewer show every attempt, with its conversation where tau2 Results
// were saved, and pass@k / pass^k per domain; eval-result.json keeps the figures with their provenance.

export class EvalOutputError extends Error {}

export interface CollectedEval {
  result: EvalResult;
  problems: ImportProblem[];
}

export async function collectEval(target: Target, runDir: string, now = new Date()): Promise<CollectedEval> {
  const provenancePath = `${runDir}/${EVAL_FILES.provenance}`;
  const provenance = EvalProvenanceSchema.safeParse(
    parseJson(await read(target, provenancePath), provenancePath),
  );
  if (!provenance.success)
    throw new EvalOutputError(`${provenancePath}: ${describeIssues(provenance.error)}`);
  const reportPath = `${runDir}/${EVAL_FILES.report}`;
  const reportText = await read(
    target,
    reportPath,
    `the eval wrote no report; see ${runDir}/${RUN_FILES.console}`,
  );
  const report = readEvalReport(reportText, reportPath);
  if (report.report === undefined)
    throw new EvalOutputError(
      report.problems.list.map((p) => `${p.file}: ${p.path}: ${p.message}`).join('; ') ||
        `${reportPath}: unreadable`,
    );
  const problems: ImportProblem[] = [...report.problems.list];
  const tau2Samples: TrajectorySample[] = [];
  const commits = new Set<string>();
  const tau2Dir = `${runDir}/${EVAL_FILES.tau2Dir}`;
  const entries = (await target.stat(tau2Dir))?.isDirectory ? await target.readDir(tau2Dir) : [];
  for (const entry of entries.filter((e) => !e.isDirectory && e.name.endsWith('.json'))) {
    const path = `${tau2Dir}/${entry.name}`;
    const imported = importTau2ResultsFile((await target.readFile(path)).toString('utf8'), path);
    problems.push(...imported.problems);
    const commit = imported.info?.git_commit;
    if (typeof commit === 'string') commits.add(commit);
    for (const s of imported.samples)
      // Task ids repeat across domains (airline and retail both number theirs from 0).
      tau2Samples.push({ ...s, group: `${s.domain ?? 'unknown'}/${s.taskId ?? s.group}` });
  }
  if (commits.size > 1)
    problems.push({
      file: tau2Dir,
      path: 'info.git_commit',
      message: `the Results files name ${commits.size} tau2-bench commits: ${[...commits].join(', ')}`,
    });
  const samples = chooseAttempts(report.samples, tau2Samples);
  const result = evalResult(
    runDir,
    provenance.data,
    samples,
    commits.size === 1 ? [...commits][0]! : null,
    now,
  );
  const records = toTapRecords(samples).map((r) => `${JSON.stringify(r)}\n`);
  await target.writeFile(`${runDir}/${RUN_FILES.rollouts}`, records.join(''));
  await target.writeFile(`${runDir}/${EVAL_FILES.result}`, `${JSON.stringify(result, null, 2)}\n`);
  return { result, problems };
}

async function read(target: Target, path: string, missing = 'missing'): Promise<string> {
  if ((await target.stat(path)) === undefined) throw new EvalOutputError(`${path}: ${missing}`);
  return (await target.readFile(path)).toString('utf8');
}

function parseJson(text: string, path: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new EvalOutputError(`${path}: not JSON: ${(e as Error).message}`);
  }
}
