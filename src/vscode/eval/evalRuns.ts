import * as vscode from 'vscode';
import { EVAL_FILES } from '../../core/eval/evalProvenance';
import { EvalResultSchema, OVERALL } from '../../core/eval/evalResult';
import type { EvalResult } from '../../core/eval/evalResult';
import { EVAL_SCRIPT } from '../../core/eval/evalSettings';
import { RUN_FILES, RUN_JOB, describeIssues } from '../../core/run/runFiles';
import { readJobState } from '../../remote/boxJob/jobState';
import { collectEval } from '../../remote/eval/collectEval';
import type { LaunchResult } from '../../remote/launch/launchRun';
import type { DiscoveredRun } from '../../remote/runDiscovery';
import type { Target } from '../../remote/target';
import type { BoxSession } from '../boxes/boxSession';
import { evalFigures } from './evalSummary';

const FOLLOW_MS = 5000;

/** Whether a discovered run is an eval: its entry is the recipe's eval script. */
export function isEvalRun(run: DiscoveredRun): boolean {
  return run.record.argv[1] === EVAL_SCRIPT;
}

export interface EvalReadout {
  results: EvalResult[];
  problems: string[];
}

/**
 * Every finished eval run of the connected boxes, with its figures: eval-result.json where the run was
 * read already, else read now (after a restart, or for an eval launched from another editor).
 */
export async function readEvalRuns(boxes: readonly BoxSession[]): Promise<EvalReadout> {
  const out: EvalReadout = { results: [], problems: [] };
  for (const box of boxes) {
    const target = box.target;
    if (!target) continue;
    for (const run of (box.discovery?.runs ?? []).filter(isEvalRun)) {
      if (run.state?.state !== 'exited') continue;
      try {
        out.results.push(await readEvalRun(target, run));
      } catch (e) {
        out.problems.push(`${box.label}: ${run.dir}: ${(e as Error).message}`);
      }
    }
  }
  return out;
}

/**
 * The figures of an ended eval run: its eval-result.json, else read from what the eval wrote now (and
 * kept there, with its attempts as the run's rollouts). Throws what is wrong, for a failed eval too.
 */
export async function readEvalRun(target: Target, run: DiscoveredRun): Promise<EvalResult> {
  const path = `${run.dir}/${EVAL_FILES.result}`;
  if (await target.stat(path)) {
    const parsed = EvalResultSchema.safeParse(JSON.parse((await target.readFile(path)).toString('utf8')));
    if (!parsed.success) throw new Error(`${path}: ${describeIssues(parsed.error)}`);
    return parsed.data;
  }
  if (run.state?.state === 'exited' && run.state.exitCode !== 0)
    throw new Error(
      vscode.l10n.t(
        'exited with code {0}; see {1}',
        run.state.exitCode ?? vscode.l10n.t('unknown'),
        RUN_FILES.console,
      ),
    );
  return (await collectEval(target, run.dir)).result;
}

/** Follows a launched eval until it ends, then reads what it wrote into the run (collectEval). */
export function followEval(
  box: BoxSession,
  run: LaunchResult,
  log: vscode.LogOutputChannel,
  done: () => void,
): vscode.Disposable {
  const target = box.target;
  let busy = false;
  const timer = setInterval(() => {
    if (busy || !target) return;
    busy = true;
    void (async () => {
      const state = await readJobState(target, run.runDir, RUN_JOB);
      if (state?.state !== 'exited') return;
      clearInterval(timer);
      if (state.exitCode !== 0) {
        void vscode.window.showErrorMessage(
          vscode.l10n.t(
            'Rollout Studio: the eval {0} on {1} exited with code {2}; see its console.log.',
            run.runId,
            box.label,
            state.exitCode ?? vscode.l10n.t('unknown'),
          ),
        );
        return done();
      }
      try {
        const { result, problems } = await collectEval(target, run.runDir);
        for (const p of problems) log.warn(`${p.file}: ${p.path}: ${p.message}`);
        const choice = await vscode.window.showInformationMessage(
          vscode.l10n.t(
            'Eval "{0}" (k = {1}): {2} {3}.',
            result.provenance.stage,
            result.provenance.settings.k,
            OVERALL,
            evalFigures(result),
          ),
          vscode.l10n.t('Compare Stages'),
        );
        if (choice) void vscode.commands.executeCommand('rolloutStudio.compareStages');
      } catch (e) {
        void vscode.window.showErrorMessage(vscode.l10n.t('Rollout Studio: {0}', (e as Error).message));
      }
      done();
    })().finally(() => (busy = false));
  }, FOLLOW_MS);
  return new vscode.Disposable(() => clearInterval(timer));
}
