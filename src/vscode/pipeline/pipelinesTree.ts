import * as vscode from 'vscode';
import type * as z from 'zod';
import {
  buildPipelines,
  specArgs,
  type Pipeline,
  type PipelineStage,
} from '../../core/pipeline/pipelineView';
import { RFT_FILES, STAGE_LABELS, type Artifact } from '../../core/pipeline/stage';
import { RftCountsSchema } from '../../core/pipeline/rftCounts';
import { EVAL_FILES, EvalProvenanceSchema } from '../../core/eval/evalProvenance';
import { EvalResultSchema, OVERALL } from '../../core/eval/evalResult';
import { describeIssues, RUN_FILES } from '../../core/run/runFiles';
import { percent } from '../../shared/percent';
import type { DiscoveredRun } from '../../remote/runDiscovery';
import { Disposable } from '../disposable';
import { evalFigures, evalSettingsLines } from '../eval/evalSummary';
import type { BoxSession } from '../boxes/boxSession';
import {
  checkpointChildren,
  checkpointItem,
  noteItem,
  saveFolder,
  type CheckpointNode,
  type CheckpointNote,
} from './checkpointItems';
import { runKey } from '../../core/run/runKey';

// The Pipelines view: each box's pipelines (rebuilt from its runs' run.json), their stages in order with
// state, what each consumed and produced, an RFT stage's kept counts, and each stage's checkpoints.

export type StageNode = {
  kind: 'stage';
  box: BoxSession;
  pipeline: Pipeline;
  stage: PipelineStage;
  run: DiscoveredRun;
  index: number;
};
type InfoNode = {
  kind: 'info';
  text: string;
  description?: string;
  tooltip?: string;
  command?: vscode.Command;
  /** A codicon, for a row that stands beside the artifact rows (which carry one). */
  icon?: string;
};
type Node =
  | { kind: 'pipeline'; box: BoxSession; pipeline: Pipeline }
  | StageNode
  | { kind: 'artifact'; role: 'consumed' | 'produced'; artifact: Artifact; scope: string }
  | { kind: 'rftCounts'; stage: StageNode }
  | InfoNode
  | CheckpointNode
  | CheckpointNote;

const STATE_ICON: Record<PipelineStage['state'], vscode.ThemeIcon> = {
  starting: new vscode.ThemeIcon('loading~spin'),
  running: new vscode.ThemeIcon('debug-start', new vscode.ThemeColor('testing.iconPassed')),
  finished: new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed')),
  failed: new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed')),
  unknown: new vscode.ThemeIcon('circle-outline'),
};

/** What a stage consumed: the record's, or for a stage started on its own, what its flags name. */
function consumedOf(stage: PipelineStage, run: DiscoveredRun): Artifact[] {
  if (stage.consumed.length > 0) return stage.consumed;
  const args = specArgs(run.record);
  const text = (f: string) => (typeof args[f] === 'string' ? (args[f] as string) : undefined);
  const step = typeof args['--ckpt-step'] === 'number' ? { iteration: args['--ckpt-step'] } : {};
  if (stage.kind === 'sft' && text('--prompt-data'))
    return [{ kind: 'dataset', path: text('--prompt-data') as string }];
  if (stage.kind === 'grpo' && text('--load'))
    return [{ kind: 'checkpoint', path: text('--load') as string, ...step }];
  if (stage.kind === 'rft' && text('--hf-checkpoint'))
    return [{ kind: 'hf-checkpoint', path: text('--hf-checkpoint') as string }];
  return [];
}

export class PipelinesTree extends Disposable implements vscode.TreeDataProvider<Node> {
  private readonly changed = this.register(new vscode.EventEmitter<Node | undefined>());
  readonly onDidChangeTreeData = this.changed.event;

  constructor(
    private readonly boxes: () => readonly BoxSession[],
    /** A JSON file of a box, undefined when it is not there. */
    private readonly readJson: (box: BoxSession, path: string) => Promise<unknown>,
  ) {
    super();
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  stages(): StageNode[] {
    return this.roots().flatMap((p) => (p.kind === 'pipeline' ? this.stageNodes(p.box, p.pipeline) : []));
  }

  private roots(): Node[] {
    return this.boxes().flatMap((box) =>
      buildPipelines(box.discovery?.runs ?? []).map((pipeline) => ({
        kind: 'pipeline' as const,
        box,
        pipeline,
      })),
    );
  }

  private stageNodes(box: BoxSession, pipeline: Pipeline): StageNode[] {
    return pipeline.stages.flatMap((stage, index) => {
      const run = box.discovery?.runs.find((r) => r.record.id === stage.runId);
      return run ? [{ kind: 'stage' as const, box, pipeline, stage, run, index }] : [];
    });
  }

  async getChildren(node?: Node): Promise<Node[]> {
    if (!node) return this.roots();
    switch (node.kind) {
      case 'pipeline':
        return this.stageNodes(node.box, node.pipeline);
      case 'stage': {
        const scope = runKey(node.box.alias, node.run.dir);
        const artifacts = (role: 'consumed' | 'produced', list: Artifact[]) =>
          list.map((artifact) => ({ kind: 'artifact' as const, role, artifact, scope }));
        const isEval = node.stage.kind === 'eval';
        const rows: Node[] = [
          ...artifacts('consumed', consumedOf(node.stage, node.run)),
          ...(isEval ? await this.evalSettingsRows(node) : []),
          ...artifacts('produced', node.stage.produced),
          ...(isEval ? await this.evalResultRows(node) : []),
        ];
        if (node.stage.kind === 'rft') rows.push({ kind: 'rftCounts', stage: node });
        if (saveFolder(node.run.record)) rows.push(...(await checkpointChildren(node.box, node.run)));
        return rows;
      }
      case 'rftCounts':
        return this.rftRows(node.stage);
      default:
        return [];
    }
  }

  /** A JSON file of the stage's run parsed with `schema`, or the row saying why it cannot be read. */
  private async readParsed<T>(
    stage: StageNode,
    file: string,
    schema: z.ZodType<T>,
  ): Promise<{ data: T | undefined } | InfoNode> {
    const raw = await this.readJson(stage.box, `${stage.run.dir}/${file}`).catch((e: Error) => e);
    if (raw instanceof Error)
      return { kind: 'info', text: vscode.l10n.t('cannot read {0}: {1}', file, raw.message) };
    if (raw === undefined) return { data: undefined };
    const parsed = schema.safeParse(raw);
    if (!parsed.success) return { kind: 'info', text: `${file}: ${describeIssues(parsed.error)}` };
    return { data: parsed.data };
  }

  /** What an eval consumed besides its checkpoint: its settings, from eval.json. */
  private async evalSettingsRows(stage: StageNode): Promise<Node[]> {
    const provenance = await this.readParsed(stage, EVAL_FILES.provenance, EvalProvenanceSchema);
    if ('kind' in provenance) return [provenance];
    if (!provenance.data) return [];
    const lines = evalSettingsLines(provenance.data).slice(1);
    return [
      {
        kind: 'info',
        text: vscode.l10n.t('in: settings'),
        description: lines.join(' · '),
        tooltip: lines.join('\n'),
        icon: 'arrow-right',
      },
    ];
  }

  /**
   * What an eval produced: its figures from eval-result.json once read (the eval stage's Open Eval
   * Results reads an ended eval not read yet), or why there are none.
   */
  private async evalResultRows(stage: StageNode): Promise<Node[]> {
    const { state } = stage.stage;
    if (state === 'failed') {
      const code = stage.run.state?.state === 'exited' ? stage.run.state.exitCode : undefined;
      const text = vscode.l10n.t('failed: exited with code {0}', code ?? vscode.l10n.t('unknown'));
      return [{ kind: 'info', text, tooltip: vscode.l10n.t('see {0}', RUN_FILES.console) }];
    }
    if (state !== 'finished') return [{ kind: 'info', text: vscode.l10n.t('results once the eval ends') }];
    const result = await this.readParsed(stage, EVAL_FILES.result, EvalResultSchema);
    if ('kind' in result) return [result];
    const r = result.data;
    if (!r)
      return [
        {
          kind: 'info',
          text: vscode.l10n.t('not read yet'),
          tooltip: vscode.l10n.t('Open Eval Results reads what the eval wrote.'),
        },
      ];
    const k = r.provenance.settings.k;
    const perDomain = r.domains.map((d) =>
      k > 1
        ? vscode.l10n.t(
            '{0}: pass@1 {1}, pass@{2} {3} over {4} tasks',
            d.domain,
            percent(d.passAt1),
            k,
            percent(d.passAtK),
            d.tasks,
          )
        : vscode.l10n.t('{0}: pass@1 {1} over {2} tasks', d.domain, percent(d.passAt1), d.tasks),
    );
    return [
      {
        kind: 'info',
        text: `${OVERALL}: ${evalFigures(r)}`,
        tooltip: [...perDomain, vscode.l10n.t('Click to compare the stages.')].join('\n'),
        command: { command: 'rolloutStudio.compareStages', title: vscode.l10n.t('Compare Stages') },
        icon: 'graph',
      },
    ];
  }

  private async rftRows(stage: StageNode): Promise<Node[]> {
    const read = await this.readParsed(stage, RFT_FILES.counts, RftCountsSchema);
    if ('kind' in read) return [read];
    const counts = read.data;
    if (!counts)
      return [
        {
          kind: 'info',
          text: vscode.l10n.t('not filtered yet'),
          tooltip: vscode.l10n.t('Filter Kept Trajectories writes the next SFT dataset.'),
        },
      ];
    return [
      ...counts.domains.map((d) => ({
        kind: 'info' as const,
        text: vscode.l10n.t('{0}: kept {1} of {2} attempts', d.domain, d.kept, d.attempts),
        tooltip: vscode.l10n.t(
          '{0} successes over {1} task(s); {2} task(s) gave a trajectory',
          d.successes,
          d.tasks,
          d.tasksKept,
        ),
      })),
      ...counts.tasks.map((t) => ({
        kind: 'info' as const,
        text: vscode.l10n.t('{0} · task {1}: kept {2} of {3}', t.domain, t.task, t.kept, t.attempts),
        tooltip:
          t.keptBy === 'partial' ? vscode.l10n.t('no success: its best partial score passed 0.6') : t.keptBy,
      })),
    ];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    switch (node.kind) {
      case 'pipeline': {
        const item = new vscode.TreeItem(node.pipeline.id, vscode.TreeItemCollapsibleState.Expanded);
        item.id = `pipeline:${node.box.alias}:${node.pipeline.id}`;
        item.description = `${node.pipeline.stages.map((s) => STAGE_LABELS[s.kind]).join(' → ')}${this.boxes().length > 1 ? ` · ${node.box.label}` : ''}`;
        item.iconPath = new vscode.ThemeIcon('type-hierarchy');
        item.contextValue = 'pipeline';
        return item;
      }
      case 'stage': {
        const { stage } = node;
        const item = new vscode.TreeItem(
          `${node.index + 1}. ${STAGE_LABELS[stage.kind]}`,
          vscode.TreeItemCollapsibleState.Collapsed,
        );
        item.id = `stage:${runKey(node.box.alias, node.run.dir)}`;
        item.description = `${stage.state} · ${stage.name}`;
        item.iconPath = STATE_ICON[stage.state];
        item.tooltip = [
          `${stage.name} (${stage.runId})`,
          vscode.l10n.t('State: {0}', stage.state),
          vscode.l10n.t('Directory: {0}', stage.runDir),
        ].join('\n');
        item.contextValue = `stage.${stage.kind}.${stage.state}`;
        return item;
      }
      case 'artifact': {
        const a = node.artifact;
        const what = a.kind === 'hf-checkpoint' ? vscode.l10n.t('HF checkpoint') : a.kind;
        const at = a.iteration !== undefined ? ` @ ${a.iteration}` : '';
        const item = new vscode.TreeItem(
          node.role === 'consumed'
            ? vscode.l10n.t('in: {0}{1}', what, at)
            : vscode.l10n.t('out: {0}{1}', what, at),
        );
        item.id = `${node.scope}#${node.role}:${a.kind}:${a.path}:${a.iteration ?? ''}`;
        item.description = a.path;
        item.tooltip = `${node.role === 'consumed' ? vscode.l10n.t('Consumed: {0}', a.path) : vscode.l10n.t('Produced: {0}', a.path)}${a.run ? `\n${vscode.l10n.t('from run {0}', a.run)}` : ''}`;
        item.iconPath = new vscode.ThemeIcon(node.role === 'consumed' ? 'arrow-right' : 'arrow-left');
        return item;
      }
      case 'rftCounts': {
        const item = new vscode.TreeItem(
          vscode.l10n.t('Kept trajectories'),
          vscode.TreeItemCollapsibleState.Expanded,
        );
        item.id = `rft:${runKey(node.stage.box.alias, node.stage.run.dir)}`;
        item.description = RFT_FILES.dataset;
        item.iconPath = new vscode.ThemeIcon('filter');
        return item;
      }
      case 'info': {
        const item = new vscode.TreeItem(node.text);
        if (node.description) item.description = node.description;
        if (node.tooltip) item.tooltip = node.tooltip;
        if (node.command) item.command = node.command;
        if (node.icon) item.iconPath = new vscode.ThemeIcon(node.icon);
        return item;
      }
      case 'checkpoint':
        return checkpointItem(node, `pipelines:${runKey(node.box.alias, node.run.dir)}`);
      case 'checkpointNote':
        return noteItem(node);
    }
  }
}
