import * as vscode from 'vscode';
import { openRunInWindow } from '../boxes/remoteSsh';
import { RUN_FILES } from '../../core/run/runFiles';
import { stopRun } from '../../remote/launch/stopRun';
import type { DiscoveredRun } from '../../remote/runDiscovery';
import type { BoxRegistry } from '../boxes/boxRegistry';
import type { BoxSession } from '../boxes/boxSession';
import type { RecordDocuments } from '../recordDocuments';
import { ConsoleTerminals } from './consoleTerminal';
import { RunMonitors } from './runMonitors';
import { activateSpecDiagnostics } from './specDiagnostics';
import type { FailedRun, MissingTap } from './runMonitors';
import type { LaunchResult } from '../../remote/launch/launchRun';
import { startGrpoRun, type PrefilledRun, type StartRunDeps } from './startRun';
import { whenTrusted } from '../trust';
import { runKey } from '../../core/run/runKey';
import { pickRun } from './pickRun';
import { stopBoxJob } from '../stopBoxJob';

type RunRef = { box: BoxSession; run: DiscoveredRun };

export interface RunsDeps {
  log: vscode.LogOutputChannel;
  records: RecordDocuments;
  registry: BoxRegistry;
  runsRoot: () => string;
  refresh: () => Promise<void>;
  /** A run's tap file is overdue: the explorer shows why on the run. */
  tapMissing: () => void;
  /** Whether a live run is followed: runs must be re-read to notice its exit. */
  following: (live: boolean) => void;
}

export interface RunsApi {
  monitors: RunMonitors;
  /** The Start GRPO Run wizard with its box and spec chosen (a pipeline's next stage). */
  start: (prefilled: PrefilledRun) => Promise<void>;
  /** What follows any launch: the run is watched for failures and its console opens. */
  launched: (box: BoxSession, result: LaunchResult) => Promise<void>;
}

/** Start GRPO Run, the run console terminal, progress and failure notices, Stop Run. */
export function activateRuns(context: vscode.ExtensionContext, deps: RunsDeps): RunsApi {
  const { log, registry } = deps;
  activateSpecDiagnostics(context);
  const terminals = new ConsoleTerminals();
  const openConsole = ({ box, run }: RunRef) => {
    if (box.target)
      terminals.show(
        runKey(box.alias, run.dir),
        vscode.l10n.t('Run: {0}', run.record.name),
        box.target,
        `${run.dir}/${RUN_FILES.console}`,
      );
  };
  const showLine = async ({ box, run }: RunRef, line: number) => {
    if (!box.target) return;
    const text = (await box.target.readFile(`${run.dir}/${RUN_FILES.console}`)).toString('utf8');
    await deps.records.show(`${box.alias}${run.dir}/${RUN_FILES.console}`, text, 'log');
    const editor = vscode.window.activeTextEditor;
    if (editor) {
      const range = editor.document.lineAt(Math.min(line, editor.document.lineCount - 1)).range;
      editor.selection = new vscode.Selection(range.start, range.end);
      editor.revealRange(range, vscode.TextEditorRevealType.InCenter);
    }
  };
  const onFailed = async ({ box, run, failure }: FailedRun) => {
    const code = run.state?.exitCode;
    const last = run.unrecordedEnd?.lastLines.filter((l) => l.trim() !== '').slice(-3);
    const message = failure
      ? vscode.l10n.t('Run {0} failed: {1}. {2}', run.record.name, failure.cause.title, failure.cause.advice)
      : run.unrecordedEnd
        ? vscode.l10n.t(
            'Run {0} ended without recording its exit (its processes are gone). Last console lines: {1}',
            run.record.name,
            last?.length ? last.join(' ⏎ ') : vscode.l10n.t('(none)'),
          )
        : vscode.l10n.t(
            'Run {0} exited with code {1}; no known cause in its console.',
            run.record.name,
            code ?? vscode.l10n.t('unknown'),
          );
    const showLineAction = vscode.l10n.t('Show Line');
    const openConsoleAction = vscode.l10n.t('Open Console');
    log.warn(`${message}${failure ? ` (console line ${failure.consoleLine + 1}: ${failure.text})` : ''}`);
    const choice = await vscode.window.showErrorMessage(
      message,
      ...(failure ? [showLineAction] : []),
      openConsoleAction,
    );
    if (choice === showLineAction && failure) await showLine({ box, run }, failure.consoleLine);
    if (choice === openConsoleAction) openConsole({ box, run });
  };
  const onTapMissing = async ({ box, run, message }: MissingTap) => {
    log.warn(`${run.record.name} on ${box.alias}: ${message}`);
    deps.tapMissing();
    const openConsoleAction = vscode.l10n.t('Open Console');
    const choice = await vscode.window.showWarningMessage(message, openConsoleAction);
    if (choice === openConsoleAction) openConsole({ box, run });
  };
  const monitors = new RunMonitors(
    (f) => void onFailed(f),
    (m) => void onTapMissing(m),
    deps.following,
  );
  context.subscriptions.push(
    terminals,
    monitors,
    registry.onDidChange(() => monitors.sync(registry.sessions)),
  );

  const liveRuns = () =>
    registry.sessions.flatMap((box) =>
      (box.discovery?.runs ?? []).filter((run) => run.state?.state !== 'exited').map((run) => ({ box, run })),
    );
  const pickLive = async (node: RunRef | undefined, placeHolder: string, all = false) => {
    if (node?.run) return node;
    await deps.refresh();
    const candidates = all
      ? registry.sessions.flatMap((box) => (box.discovery?.runs ?? []).map((run) => ({ box, run })))
      : liveRuns();
    return pickRun(
      candidates,
      placeHolder,
      all
        ? vscode.l10n.t('No runs on the connected boxes.')
        : vscode.l10n.t('No run is running on the connected boxes.'),
    );
  };

  const launched = async (box: BoxSession, result: LaunchResult) => {
    monitors.expect(box, result.runDir);
    await deps.refresh();
    const run = box.discovery?.runs.find((r) => r.dir === result.runDir);
    if (run) openConsole({ box, run });
    else if (box.target)
      terminals.show(
        runKey(box.alias, result.runDir),
        vscode.l10n.t('Run: {0}', result.runId),
        box.target,
        `${result.runDir}/${RUN_FILES.console}`,
      );
  };
  const startDeps: StartRunDeps = {
    context,
    log,
    records: deps.records,
    boxes: () => registry.sessions,
    runsRoot: deps.runsRoot,
    launched,
  };

  context.subscriptions.push(
    vscode.commands.registerCommand(
      'rolloutStudio.startGrpoRun',
      whenTrusted(vscode.l10n.t('Starting a run'), async () => {
        await registry.connectSaved();
        return startGrpoRun(startDeps);
      }),
    ),
    vscode.commands.registerCommand('rolloutStudio.openRunInWindow', openRunInWindow),
    vscode.commands.registerCommand('rolloutStudio.openRunConsole', async (node?: RunRef) => {
      const picked = await pickLive(node, vscode.l10n.t('The run whose console to follow'), true);
      if (picked) openConsole(picked);
    }),
    vscode.commands.registerCommand('rolloutStudio.stopRun', async (node?: RunRef) => {
      const tried = await stopBoxJob({
        noun: 'Run',
        detail: vscode.l10n.t(
          'Its launch script gets SIGTERM and stops the job (and a Ray head it started); what is left after the grace period is killed. Only processes this run started are touched.',
        ),
        pick: async () => {
          const picked = await pickLive(node, vscode.l10n.t('The run to stop'));
          return picked && { box: picked.box, dir: picked.run.dir, name: picked.run.record.name };
        },
        stop: stopRun,
        log,
      });
      if (tried) await deps.refresh();
    }),
  );
  return { monitors, start: (prefilled) => startGrpoRun(startDeps, prefilled), launched };
}
