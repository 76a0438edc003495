import * as vscode from 'vscode';
import type { EvaluateCheckpointArgs } from '../eval/evaluateCheckpoint';
import { readEvalRun } from '../eval/evalRuns';
import { hfExportDir, iterDirName } from '../../core/pipeline/checkpoints';
import { convertSpec } from '../../core/pipeline/convertSpec';
import { datasetFindings, unreadableDataset } from '../../core/pipeline/datasetFindings';
import { datasetReportLines } from '../../core/pipeline/datasetReport';
import { nextKinds, nextStageSpec, type StageRun } from '../../core/pipeline/nextStage';
import { inferKind } from '../../core/pipeline/pipelineView';
import { RFT_FILES, STAGE_LABELS, type StageKind } from '../../core/pipeline/stage';
import { SFT_STAGE_SPEC } from '../../core/pipeline/stagePresets';
import { describeIssues } from '../../core/run/runFiles';
import { RunSpecSchema, type RunSpec, type RunSpecInput } from '../../core/runspec/runSpec';
import type { SpecFinding } from '../../core/runspec/specFinding';
import type { Profile } from '../../core/toolcall/types';
import { launchRun, prepareLaunch } from '../../remote/launch/launchRun';
import { entryArgv } from '../../remote/launch/launchScript';
import { newJobId } from '../../remote/boxJob/jobId';
import { filterRftRun } from '../../remote/pipeline/filterRftRun';
import { listCheckpoints } from '../../remote/pipeline/listCheckpoints';
import { lintStageDataset } from '../../remote/pipeline/stageDataset';
import type { DiscoveredRun } from '../../remote/runDiscovery';
import type { Target } from '../../remote/target';
import type { BoxRegistry } from '../boxes/boxRegistry';
import type { BoxSession } from '../boxes/boxSession';
import type { RecordDocuments } from '../recordDocuments';
import type { RunRefresh } from '../runRefresh';
import type { RunNode } from '../runsTree';
import { runKey } from '../../core/run/runKey';
import { pickOne } from '../pickOne';
import { pickBox } from '../runs/pickBox';
import type { RunsApi } from '../runs/activateRuns';
import type { ServersApi } from '../servers/activateServers';
import { requireTrust, whenTrusted } from '../trust';
import type { CheckpointNode } from './checkpointItems';
import { PipelinesTree, type StageNode } from './pipelinesTree';

// The Pipelines view and its commands: Start SFT Stage, Start Next Stage (from a finished stage or a
// checkpoint), Filter Kept Trajectories (RFT), an eval stage's Open Eval Results, and a checkpoint's
// Convert to Hugging Face Format, Start SGLang Server and Evaluate. Every launch goes through the existing run and server launchers.

export interface PipelinesDeps {
  log: vscode.LogOutputChannel;
  records: RecordDocuments;
  registry: BoxRegistry;
  runsRoot: () => string;
  /** The runs the view is built from are re-read while it shows. */
  refresher: RunRefresh;
  profile: () => Profile;
  runs: RunsApi;
  servers: ServersApi;
}

/** The stage a run is, for starting what follows it; undefined with a message when it is none. */
function stageRunOf(run: DiscoveredRun): StageRun | string {
  const parsed = RunSpecSchema.safeParse((run.record as { spec?: unknown }).spec);
  if (!parsed.success)
    return vscode.l10n.t(
      '{0}: its run.json holds no readable spec ({1}).',
      run.record.name,
      describeIssues(parsed.error),
    );
  const kind = run.record.stage?.kind ?? inferKind(run.record);
  if (!kind) return vscode.l10n.t('{0} is not an SFT, RFT or GRPO run.', run.record.name);
  return {
    id: run.record.id,
    dir: run.dir,
    spec: parsed.data,
    kind,
    ...(run.record.stage ? { pipeline: run.record.stage.pipeline } : {}),
  };
}

/** The stage a run consumed its checkpoint from (an RFT stage's SFT), when its box still lists it. */
function sampledFrom(box: BoxSession, run: DiscoveredRun): StageRun | undefined {
  const id = run.record.stage?.consumed.find((a) => a.kind !== 'dataset' && a.run !== undefined)?.run;
  const before = box.discovery?.runs.find((r) => r.record.id === id);
  const stage = before && stageRunOf(before);
  return typeof stage === 'object' ? stage : undefined;
}

/** The Pipelines view and its commands; every launch goes through the run and server features. */
export function activatePipelines(context: vscode.ExtensionContext, deps: PipelinesDeps): void {
  const { log, registry } = deps;
  const tree = new PipelinesTree(
    () => registry.sessions,
    async (box, path) => {
      if (!box.target || !(await box.target.stat(path))) return undefined;
      return JSON.parse((await box.target.readFile(path)).toString('utf8')) as unknown;
    },
  );
  const view = vscode.window.createTreeView('rolloutStudio.pipelines', {
    treeDataProvider: tree,
    showCollapseAll: true,
  });

  const sftFindings = async (target: Target, spec: RunSpec): Promise<SpecFinding[]> => {
    try {
      const { path, report } = await lintStageDataset(target, spec, deps.profile());
      log.info(`dataset lint of ${path}:\n${datasetReportLines(report).join('\n')}`);
      return datasetFindings(path, report);
    } catch (e) {
      return unreadableDataset((e as Error).message);
    }
  };
  const startStage = (box: BoxSession, spec: RunSpecInput, origin: string) =>
    deps.runs.start({
      box,
      spec: { ...spec, runsRoot: spec.runsRoot ?? deps.runsRoot() },
      origin,
      ...(spec.stage?.kind === 'sft' ? { findings: sftFindings } : {}),
    });

  const startNext = async (box: BoxSession, run: DiscoveredRun, iteration?: number) => {
    const from = stageRunOf(run);
    if (typeof from === 'string') return void vscode.window.showErrorMessage(from);
    const kinds = nextKinds(from.kind);
    if (kinds.length === 0) {
      return void vscode.window.showInformationMessage(
        from.kind === 'grpo'
          ? vscode.l10n.t(
              'No stage follows a {0} stage. Evaluate one of its checkpoints instead.',
              STAGE_LABELS[from.kind],
            )
          : vscode.l10n.t('No stage follows a {0} stage.', STAGE_LABELS[from.kind]),
      );
    }
    const to: StageKind | undefined =
      kinds.length === 1
        ? kinds[0]
        : (
            await vscode.window.showQuickPick(
              kinds.map((k) => ({
                label: STAGE_LABELS[k],
                description:
                  k === 'rft'
                    ? vscode.l10n.t('sample from the checkpoint, keep the successes')
                    : vscode.l10n.t('train from the checkpoint'),
                k,
              })),
              { title: vscode.l10n.t('Next stage after {0}', run.record.name) },
            )
          )?.k;
    if (!to) return;
    if (to !== 'sft' && iteration === undefined) {
      iteration = await pickIteration(box, run);
      if (iteration === undefined) return;
    }
    if (to === 'sft' && box.target && !(await box.target.stat(`${run.dir}/${RFT_FILES.dataset}`))) {
      const choice = await vscode.window.showWarningMessage(
        vscode.l10n.t(
          '{0} has not been filtered yet: there is no {1} to train on.',
          run.record.name,
          RFT_FILES.dataset,
        ),
        vscode.l10n.t('Filter Kept Trajectories'),
      );
      if (choice) await filter(box, run);
      if (!(await box.target.stat(`${run.dir}/${RFT_FILES.dataset}`))) return;
    }
    try {
      const { spec } = nextStageSpec(
        from,
        to,
        iteration !== undefined ? { iteration } : undefined,
        sampledFrom(box, run),
      );
      const at = iteration !== undefined ? ` ${iterDirName(iteration)}` : '';
      await startStage(box, spec, `${STAGE_LABELS[from.kind]} ${run.record.name}${at} → ${STAGE_LABELS[to]}`);
    } catch (e) {
      void vscode.window.showErrorMessage((e as Error).message);
    }
  };

  const pickIteration = async (box: BoxSession, run: DiscoveredRun): Promise<number | undefined> => {
    const from = stageRunOf(run);
    const save = typeof from === 'string' ? undefined : from.spec.args?.['--save'];
    if (!box.target || typeof save !== 'string') {
      void vscode.window.showErrorMessage(
        vscode.l10n.t('{0} saves no checkpoints (no --save).', run.record.name),
      );
      return undefined;
    }
    const listing = await listCheckpoints(box.target, save);
    const picked = await pickOne(listing.iterations, {
      placeHolder: vscode.l10n.t('Checkpoint of {0}', run.record.name),
      none: vscode.l10n.t('{0} has no saved iteration in {1} yet.', run.record.name, listing.save),
      item: (i) => ({
        label: iterDirName(i.iteration),
        description: i.latest ? vscode.l10n.t('latest') : '',
      }),
    });
    return picked?.iteration;
  };

  const filter = async (box: BoxSession, run: DiscoveredRun) => {
    const target = box.target;
    if (!target) return;
    try {
      const outcome = await vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Notification,
          title: vscode.l10n.t('Filtering {0}…', run.record.name),
        },
        () => filterRftRun(target, run.dir, deps.profile()),
      );
      const r = outcome.result;
      const attempts = r.tasks.reduce((n, t) => n + t.attempts, 0);
      const domains = r.domains.map((d) => `${d.domain} ${d.kept} of ${d.attempts}`).join(', ');
      const lint = outcome.lint.total;
      log.info(
        `RFT filter ${run.dir}: kept ${r.kept.length} of ${attempts} (${domains}); ${lint.turnsWithErrors} turn(s) with tool-call errors`,
      );
      tree.refresh();
      const openDataset = vscode.l10n.t('Open Dataset');
      const choice = await vscode.window.showInformationMessage(
        vscode.l10n.t(
          'Kept {0} of {1} attempts ({2}{3}). The kept dataset has {4} assistant turns, {5} with tool-call errors.',
          r.kept.length,
          attempts,
          domains,
          r.removed > 0 ? vscode.l10n.t('; {0} removed by the recipe left out', r.removed) : '',
          lint.assistantTurns,
          lint.turnsWithErrors,
        ),
        openDataset,
      );
      if (choice === openDataset) {
        const text = (await target.readFile(outcome.datasetPath)).toString('utf8');
        await deps.records.show(`${box.alias}${outcome.datasetPath}`, text, 'jsonl');
      }
    } catch (e) {
      void vscode.window.showErrorMessage(
        vscode.l10n.t('Cannot filter {0}: {1}', run.record.name, (e as Error).message),
      );
    }
  };

  const convert = async (node: CheckpointNode) => {
    const target = node.box.target;
    const from = stageRunOf(node.run);
    if (!target) return;
    if (typeof from === 'string') return void vscode.window.showErrorMessage(from);
    let spec: RunSpec;
    try {
      spec = RunSpecSchema.parse({
        ...convertSpec(from, node.saved.iteration),
        runsRoot: from.spec.runsRoot ?? deps.runsRoot(),
      });
    } catch (e) {
      return void vscode.window.showErrorMessage((e as Error).message);
    }
    const out = spec.args['--output-dir'] as string;
    if (await target.stat(out))
      return void vscode.window.showWarningMessage(
        vscode.l10n.t('{0} already exists on {1}: this checkpoint is exported.', out, node.box.label),
      );
    const convertAction = vscode.l10n.t('Convert');
    const ok = await vscode.window.showInformationMessage(
      vscode.l10n.t(
        'Export {0} of {1} to Hugging Face format on {2}?',
        iterDirName(node.saved.iteration),
        node.run.record.name,
        node.box.label,
      ),
      {
        modal: true,
        detail: vscode.l10n.t(
          'Runs in {0}, as a run of its own:\n{1}',
          spec.workdir,
          entryArgv(spec).join(' '),
        ),
      },
      convertAction,
    );
    if (ok !== convertAction) return;
    try {
      const prepared = prepareLaunch(spec, __ROLLOUT_STUDIO_VERSION__);
      const result = await launchRun(target, prepared);
      log.info(`HF export ${result.runId} of ${node.saved.dir} on ${node.box.alias}`);
      await deps.runs.launched(node.box, result);
    } catch (e) {
      void vscode.window.showErrorMessage(
        vscode.l10n.t('Cannot start the export: {0}', (e as Error).message),
      );
    }
  };

  const serve = async (node: CheckpointNode) => {
    const hf = hfExportDir(node.save, node.saved.iteration);
    if (!(await node.box.target?.stat(hf))) {
      const choice = await vscode.window.showWarningMessage(
        vscode.l10n.t(
          'SGLang serves Hugging Face folders; {0} has no export at {1} yet.',
          iterDirName(node.saved.iteration),
          hf,
        ),
        vscode.l10n.t('Convert to Hugging Face Format'),
      );
      if (choice) await convert(node);
      return;
    }
    await deps.servers.start({ box: node.box, modelPath: hf });
  };

  // An eval's attempts in the viewer, read first if they were not yet (after a restart, or an eval
  // launched from another editor); the stage shows its figures from then on.
  const openEvalResults = async (node: StageNode) => {
    const target = node.box.target;
    if (!target) return;
    try {
      await vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Window,
          title: vscode.l10n.t('Reading {0}…', node.run.record.name),
        },
        () => readEvalRun(target, node.run),
      );
    } catch (e) {
      return void vscode.window.showErrorMessage(
        vscode.l10n.t(
          'Rollout Studio: cannot read the eval {0}: {1}',
          node.run.record.name,
          (e as Error).message,
        ),
      );
    }
    tree.refresh();
    await deps.refresher.refresh();
    const run: RunNode = { kind: 'run', box: node.box, run: node.run };
    await vscode.commands.executeCommand('rolloutStudio.openTrajectoryViewer', run);
  };

  const evaluate = async (node: CheckpointNode) => {
    const args: EvaluateCheckpointArgs = {
      box: node.box.alias,
      runKey: runKey(node.box.alias, node.run.dir),
      iteration: node.saved.iteration,
      checkpointDir: node.save,
    };
    await vscode.commands.executeCommand('rolloutStudio.evaluateCheckpoint', args);
  };

  context.subscriptions.push(
    tree,
    view,
    deps.refresher.whileVisible('pipelines view', view),
    registry.onDidChange(() => tree.refresh()),
    vscode.commands.registerCommand(
      'rolloutStudio.startSftStage',
      whenTrusted(vscode.l10n.t('Starting a run'), async () => {
        await registry.connectSaved();
        const box = await pickBox(registry.sessions, vscode.l10n.t('Start SFT Stage'));
        if (!box) return;
        const pipeline = newJobId('pipeline');
        await startStage(
          box,
          { ...SFT_STAGE_SPEC, box: box.alias, stage: { pipeline, kind: 'sft', consumed: [] } },
          vscode.l10n.t('the tau2 cookbook run_sft.sh'),
        );
      }),
    ),
    vscode.commands.registerCommand(
      'rolloutStudio.startNextStage',
      async (node?: StageNode | CheckpointNode) => {
        if (!(await requireTrust(vscode.l10n.t('Starting a run')))) return;
        const picked = node ?? (await pickStage(tree));
        if (!picked) return;
        await startNext(
          picked.box,
          picked.run,
          picked.kind === 'checkpoint' ? picked.saved.iteration : undefined,
        );
      },
    ),
    vscode.commands.registerCommand('rolloutStudio.filterRftSamples', async (node?: StageNode) => {
      if (!(await requireTrust(vscode.l10n.t('Filtering on a box')))) return;
      const picked = node ?? (await pickStage(tree, 'rft'));
      if (picked) await filter(picked.box, picked.run);
    }),
    vscode.commands.registerCommand('rolloutStudio.convertCheckpoint', async (node?: CheckpointNode) => {
      if (node?.kind === 'checkpoint' && (await requireTrust(vscode.l10n.t('Starting a run'))))
        await convert(node);
    }),
    vscode.commands.registerCommand('rolloutStudio.serveCheckpoint', async (node?: CheckpointNode) => {
      if (node?.kind === 'checkpoint' && (await requireTrust(vscode.l10n.t('Starting a server'))))
        await serve(node);
    }),
    vscode.commands.registerCommand('rolloutStudio.openEvalResults', async (node?: StageNode) => {
      if (node?.kind === 'stage' && node.stage.kind === 'eval') await openEvalResults(node);
    }),
    vscode.commands.registerCommand(
      'rolloutStudio.evaluateSavedCheckpoint',
      async (node?: CheckpointNode) => {
        if (node?.kind === 'checkpoint') await evaluate(node);
      },
    ),
  );
}

function pickStage(tree: PipelinesTree, kind?: StageKind): Promise<StageNode | undefined> {
  const stages = tree
    .stages()
    .filter((s) => s.stage.state === 'finished' && (!kind || s.stage.kind === kind));
  return pickOne(stages, {
    placeHolder: vscode.l10n.t('A finished stage'),
    none: kind
      ? vscode.l10n.t('No {0} stage has finished on the connected boxes.', STAGE_LABELS[kind])
      : vscode.l10n.t('No stage has finished on the connected boxes.'),
    item: (s) => ({
      label: `${STAGE_LABELS[s.stage.kind]} · ${s.stage.name}`,
      description: `${s.pipeline.id} · ${s.box.label}`,
    }),
  });
}
