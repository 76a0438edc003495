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
import type { BoxSession } from '../boxes/boxSession';

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
        const path = `${run.dir}/${EVAL_FILES.result}`;
        if (await target.stat(path)) {
          const parsed = EvalResultSchema.safeParse(
            JSON.parse((await target.readFile(path)).toString('utf8')),
          );
          if (!parsed.success) throw new Error(`${path}: ${describeIssues(parsed.error)}`);
          out.results.push(parsed.data);
        } else if (run.state.exitCode === 0) {
          out.results.push((await collectEval(target, run.dir)).result);
        } else {
          out.problems.push(
            vscode.l10n.t(
              '{0}: {1}: exited with code {2}; see {3}',
              box.label,
              run.dir,
              run.state.exitCode ?? vscode.l10n.t('unknown'),
              RUN_FILES.console,
            ),
          );
        }
      } catch (e) {
        out.problems.push(`${box.label}: ${run.dir}: ${(e as Error).message}`);
      }
    }
  }
  return out;
}

const percent = (v: number | null | undefined) => (v == null ? '—' : `${(v * 100).toFixed(1)}%`);

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
        const overall = result.domains.length > 0 ? result.overall : undefined;
        const k = result.provenance.settings.k;
        const choice = await vscode.window.showInformationMessage(
          vscode.l10n.t(
            'Eval "{0}" (k = {1}): {2} pass@1 {3}{4} over {5} tasks.',
            result.provenance.stage,
            k,
            OVERALL,
            percent(overall?.passAt1),
            k > 1 ? `, pass@${k} ${percent(overall?.passAtK)}, pass^${k} ${percent(overall?.passHatK)}` : '',
            overall?.tasks ?? 0,
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
