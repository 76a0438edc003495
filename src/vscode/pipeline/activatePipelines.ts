import * as vscode from 'vscode';
import type { EvaluateCheckpointArgs } from '../eval/evaluateCheckpoint';
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
import { runKey } from '../../core/run/runKey';
import { pickBox } from '../runs/pickBox';
import type { RunsApi } from '../runs/activateRuns';
import type { ServersApi } from '../servers/activateServers';
import { requireTrust, whenTrusted } from '../trust';
import type { CheckpointNode } from './checkpointItems';
import { PipelinesTree, type StageNode } from './pipelinesTree';

// The Pipelines view and its commands: Start SFT Stage, Start Next Stage (from a finished stage or a
// checkpoint), Filter Kept Trajectories (RFT), and a checkpoint's Convert to Hugging Face Format, Start
// SGLang Server and Evaluate. Every launch goes through the existing run and server launchers.

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
    return `${run.record.name}: its run.json holds no readable spec (${describeIssues(parsed.error)}).`;
  const kind = run.record.stage?.kind ?? inferKind(run.record);
  if (!kind) return `${run.record.name} is not an SFT, RFT or GRPO run.`;
  return {
    id: run.record.id,
    dir: run.dir,
    spec: parsed.data,
    kind,
    ...(run.record.stage ? { pipeline: run.record.stage.pipeline } : {}),
  };
}

/** The Pipelines view and its commands; every launch goes through the run and server features. */
export function activatePipelines(context: vscode.ExtensionContext, deps: PipelinesDeps): void {
  const { log, registry } = deps;
  const tree = new PipelinesTree(
    () => registry.sessions,
    async (box, dir) => {
      if (!box.target) return undefined;
      const path = `${dir}/${RFT_FILES.counts}`;
      if (!(await box.target.stat(path))) return undefined;
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
      const offerEval = from.kind === 'grpo' ? ' Evaluate one of its checkpoints instead.' : '';
      return void vscode.window.showInformationMessage(
        `No stage follows a ${STAGE_LABELS[from.kind]} stage.${offerEval}`,
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
                    ? 'sample from the checkpoint, keep the successes'
                    : 'train from the checkpoint',
                k,
              })),
              { title: `Next stage after ${run.record.name}` },
            )
          )?.k;
    if (!to) return;
    if (to !== 'sft' && iteration === undefined) {
      iteration = await pickIteration(box, run);
      if (iteration === undefined) return;
    }
    if (to === 'sft' && box.target && !(await box.target.stat(`${run.dir}/${RFT_FILES.dataset}`))) {
      const choice = await vscode.window.showWarningMessage(
        `${run.record.name} has not been filtered yet: there is no ${RFT_FILES.dataset} to train on.`,
        'Filter Kept Trajectories',
      );
      if (choice) await filter(box, run);
      if (!(await box.target.stat(`${run.dir}/${RFT_FILES.dataset}`))) return;
    }
    try {
      const { spec } = nextStageSpec(from, to, iteration !== undefined ? { iteration } : undefined);
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
      void vscode.window.showErrorMessage(`${run.record.name} saves no checkpoints (no --save).`);
      return undefined;
    }
    const listing = await listCheckpoints(box.target, save);
    if (listing.iterations.length === 0) {
      void vscode.window.showErrorMessage(
        `${run.record.name} has no saved iteration in ${listing.save} yet.`,
      );
      return undefined;
    }
    const picked = await vscode.window.showQuickPick(
      listing.iterations.map((i) => ({
        label: iterDirName(i.iteration),
        description: i.latest ? 'latest' : '',
        i,
      })),
      { title: `Checkpoint of ${run.record.name}` },
    );
    return picked?.i.iteration;
  };

  const filter = async (box: BoxSession, run: DiscoveredRun) => {
    const target = box.target;
    if (!target) return;
    try {
      const outcome = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Filtering ${run.record.name}…` },
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
      const choice = await vscode.window.showInformationMessage(
        `Kept ${r.kept.length} of ${attempts} attempts (${domains}${r.removed > 0 ? `; ${r.removed} removed by the recipe left out` : ''}). The kept dataset has ${lint.assistantTurns} assistant turns, ${lint.turnsWithErrors} with tool-call errors.`,
        'Open Dataset',
      );
      if (choice === 'Open Dataset') {
        const text = (await target.readFile(outcome.datasetPath)).toString('utf8');
        await deps.records.show(`${box.alias}${outcome.datasetPath}`, text, 'jsonl');
      }
    } catch (e) {
      void vscode.window.showErrorMessage(`Cannot filter ${run.record.name}: ${(e as Error).message}`);
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
        `${out} already exists on ${node.box.label}: this checkpoint is exported.`,
      );
    const ok = await vscode.window.showInformationMessage(
      `Export ${iterDirName(node.saved.iteration)} of ${node.run.record.name} to Hugging Face format on ${node.box.label}?`,
      {
        modal: true,
        detail: `Runs in ${spec.workdir}, as a run of its own:\n${entryArgv(spec).join(' ')}`,
      },
      'Convert',
    );
    if (ok !== 'Convert') return;
    try {
      const prepared = prepareLaunch(spec, __ROLLOUT_STUDIO_VERSION__);
      const result = await launchRun(target, prepared);
      log.info(`HF export ${result.runId} of ${node.saved.dir} on ${node.box.alias}`);
      await deps.runs.launched(node.box, result);
    } catch (e) {
      void vscode.window.showErrorMessage(`Cannot start the export: ${(e as Error).message}`);
    }
  };

  const serve = async (node: CheckpointNode) => {
    const hf = hfExportDir(node.save, node.saved.iteration);
    if (!(await node.box.target?.stat(hf))) {
      const choice = await vscode.window.showWarningMessage(
        `SGLang serves Hugging Face folders; ${iterDirName(node.saved.iteration)} has no export at ${hf} yet.`,
        'Convert to Hugging Face Format',
      );
      if (choice) await convert(node);
      return;
    }
    await deps.servers.start({ box: node.box, modelPath: hf });
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
      whenTrusted('Starting a run', async () => {
        await registry.connectSaved();
        const box = await pickBox(registry.sessions, 'Start SFT Stage');
        if (!box) return;
        const pipeline = newJobId('pipeline');
        await startStage(
          box,
          { ...SFT_STAGE_SPEC, box: box.alias, stage: { pipeline, kind: 'sft', consumed: [] } },
          'the tau2 cookbook run_sft.sh',
        );
      }),
    ),
    vscode.commands.registerCommand(
      'rolloutStudio.startNextStage',
      async (node?: StageNode | CheckpointNode) => {
        if (!(await requireTrust('Starting a run'))) return;
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
      if (!(await requireTrust('Filtering on a box'))) return;
      const picked = node ?? (await pickStage(tree, 'rft'));
      if (picked) await filter(picked.box, picked.run);
    }),
    vscode.commands.registerCommand('rolloutStudio.convertCheckpoint', async (node?: CheckpointNode) => {
      if (node?.kind === 'checkpoint' && (await requireTrust('Starting a run'))) await convert(node);
    }),
    vscode.commands.registerCommand('rolloutStudio.serveCheckpoint', async (node?: CheckpointNode) => {
      if (node?.kind === 'checkpoint' && (await requireTrust('Starting a server'))) await serve(node);
    }),
    vscode.commands.registerCommand(
      'rolloutStudio.evaluateSavedCheckpoint',
      async (node?: CheckpointNode) => {
        if (node?.kind === 'checkpoint') await evaluate(node);
      },
    ),
  );
}

async function pickStage(tree: PipelinesTree, kind?: StageKind): Promise<StageNode | undefined> {
  const stages = tree
    .stages()
    .filter((s) => s.stage.state === 'finished' && (!kind || s.stage.kind === kind));
  const picked = await vscode.window.showQuickPick(
    stages.map((s) => ({
      label: `${STAGE_LABELS[s.stage.kind]} · ${s.stage.name}`,
      description: `${s.pipeline.id} · ${s.box.label}`,
      s,
    })),
    { placeHolder: 'A finished stage' },
  );
  return picked?.s;
}
