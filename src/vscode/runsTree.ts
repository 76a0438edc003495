import * as vscode from 'vscode';
import { describeStep, groupRewards, isZeroStd, stepReward } from '../core/store/rolloutTree';
import type { RewardScale } from '../shared/rewardScale';
import type { GroupNode, StepNode } from '../core/store/rolloutTree';
import { explorerMatcher, isEmptyFilter, sortSamples } from '../core/store/explorerChoices';
import type { ExplorerFilter, SampleOrder } from '../core/store/explorerChoices';
import { stepKey } from '../core/store/sampleIndex';
import type { SampleColumns } from '../core/store/sampleColumns';
import type { ReadProblem, SampleEntry } from '../core/store/sampleIndex';
import type { DiscoveredRun, DiscoveryProblem } from '../remote/runDiscovery';
import type { RunMirror } from '../remote/runMirror';
import type { RunProgress } from '../core/runspec/runProgress';
import type { BoxSession } from './boxes/boxSession';
import { duration } from './runs/runMonitors';
import { rewardGlyph, rewardIcon, runRewardScale, scaleNote } from './rewardDots';
import { StableRoots } from './stableRoots';
import {
  checkpointChildren,
  checkpointItem,
  checkpointsFolderItem,
  noteItem,
  saveFolder,
  type CheckpointNode,
  type CheckpointNote,
} from './pipeline/checkpointItems';
import { runKey } from '../core/run/runKey';
import { Disposable } from './disposable';
import type { Pin } from '../core/store/savedViews';
import { sampleKeyString } from '../shared/protocol';

export type RunNode = { kind: 'run'; box: BoxSession; run: DiscoveredRun };
export type SampleNode = {
  kind: 'sample';
  run: DiscoveredRun;
  sample: SampleEntry;
  mirror: RunMirror;
  /** Listed under the run's Pinned node, with its note. */
  pinned?: { note: string };
};
/** A run's pinned samples (saved-views.json), listed apart from its steps. */
export type PinnedNode = { kind: 'pinned'; run: DiscoveredRun; mirror: RunMirror; pins: readonly Pin[] };
export type Node =
  | { kind: 'box'; box: BoxSession }
  | RunNode
  | { kind: 'problems'; problems: DiscoveryProblem[] }
  | { kind: 'problem'; problem: DiscoveryProblem }
  | { kind: 'readProblems'; run: DiscoveredRun; problems: ReadProblem[] }
  | { kind: 'readProblem'; run: DiscoveredRun; problem: ReadProblem }
  | PinnedNode
  | { kind: 'step'; run: DiscoveredRun; step: StepNode; mirror: RunMirror }
  | { kind: 'group'; run: DiscoveredRun; group: GroupNode; mirror: RunMirror }
  | SampleNode
  | { kind: 'checkpoints'; box: BoxSession; run: DiscoveredRun }
  | CheckpointNode
  | CheckpointNote
  | { kind: 'more'; parent: string; hidden: number };

const PAGE = 200;

const STATE_ICON: Record<string, vscode.ThemeIcon> = {
  starting: new vscode.ThemeIcon('loading~spin'),
  running: new vscode.ThemeIcon('debug-start', new vscode.ThemeColor('testing.iconPassed')),
  exited: new vscode.ThemeIcon('debug-stop'),
};

const num = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(2));

/**
 * Boxes → runs → steps → groups → samples, from each run's local mirror, repainted at most ten times a
 * second however fast samples arrive.
 */
export class RunsTree extends Disposable implements vscode.TreeDataProvider<Node> {
  private readonly changed = this.register(new vscode.EventEmitter<Node | Node[] | undefined>());
  readonly onDidChangeTreeData = this.changed.event;
  private readonly roots = new StableRoots<Node>();
  private limits = new Map<string, number>();
  private refreshTimer: NodeJS.Timeout | undefined;

  private filter: ExplorerFilter = {};
  /** Offsets of records matching the filter's text, per store (resolved when the filter is set). */
  private textMatches = new Map<string, ReadonlySet<number>>();
  /** The filter as a test of one store's entries, made once per store after the filter is set. */
  private readonly matchers = new Map<string, (e: SampleEntry) => boolean>();
  private order: 'newest-first' | 'oldest-first' = 'oldest-first';
  private sampleOrder: SampleOrder = 'index';

  /** Progress read from a running run's console (step of total, ETA), set once runs are monitored. */
  progressOf: ((box: BoxSession, run: DiscoveredRun) => RunProgress | undefined) | undefined;
  /** Why a running run's rollouts do not reach the box, once its tap file is overdue. */
  tapMissingOf: ((box: BoxSession, run: DiscoveredRun) => string | undefined) | undefined;
  /** A run's pinned samples, by run key, once they are read (the viewer's saved views feature sets it). */
  pinsOf: ((runKey: string) => readonly Pin[] | undefined) | undefined;
  /** Which parsers and SGLang release the box's runs are read like, and why (runProfile's words). */
  profileOf: ((box: BoxSession) => string) | undefined;

  constructor(private readonly boxes: () => readonly BoxSession[]) {
    super();
    this.onDispose(() => clearTimeout(this.refreshTimer));
  }

  get filtering(): boolean {
    return !isEmptyFilter(this.filter);
  }

  get currentFilter(): ExplorerFilter {
    return this.filter;
  }

  setFilter(filter: ExplorerFilter, textMatches: Map<string, ReadonlySet<number>>): void {
    this.filter = filter;
    this.textMatches = textMatches;
    this.matchers.clear();
    this.changed.fire(undefined);
  }

  setOrder(steps: 'newest-first' | 'oldest-first', samples: SampleOrder): void {
    this.order = steps;
    this.sampleOrder = samples;
    this.changed.fire(undefined);
  }

  private matches(e: SampleEntry, mirror: RunMirror): boolean {
    let matcher = this.matchers.get(mirror.store.dir);
    if (matcher === undefined) {
      const text = this.filter.text
        ? (this.textMatches.get(mirror.store.dir) ?? new Set<number>())
        : undefined;
      matcher = explorerMatcher(this.filter, text);
      this.matchers.set(mirror.store.dir, matcher);
    }
    return matcher(e);
  }

  private matchCount(step: StepNode, mirror: RunMirror): number {
    let n = 0;
    const samples = mirror.store.samples;
    for (const g of step.groups.values())
      for (const seq of g.seqs) if (this.matches(samples.at(seq)!, mirror)) n++;
    return n;
  }

  /**
   * Coalesces a stream of new samples into one repaint every 100 ms, however fast they arrive. The top
   * rows repaint one by one (see StableRoots), so an inline Stop Run clicked meanwhile finds its run.
   */
  scheduleRefresh(): void {
    this.refreshTimer ??= setTimeout(() => {
      this.refreshTimer = undefined;
      this.changed.fire(this.roots.repaint(this.topRows()));
    }, 100);
  }

  /** The top level: the boxes, or with only this machine its runs (and their problems) directly. */
  private topRows(): { key: string; node: Node }[] {
    const boxes = this.boxes();
    const [only] = boxes;
    if (boxes.length !== 1 || !only)
      return boxes.map((box) => ({ key: `box:${box.alias}`, node: { kind: 'box', box } }));
    return this.boxRows(only);
  }

  private boxRows(box: BoxSession): { key: string; node: Node }[] {
    const discovery = box.discovery;
    if (!discovery) return [];
    const rows: { key: string; node: Node }[] = discovery.runs.map((run) => ({
      key: runKey(box.alias, run.dir),
      node: { kind: 'run', box, run },
    }));
    if (discovery.problems.length > 0)
      rows.push({ key: `problems:${box.alias}`, node: { kind: 'problems', problems: discovery.problems } });
    return rows;
  }

  runs(): RunNode[] {
    return this.boxes().flatMap((box) =>
      (box.discovery?.runs ?? []).map((run) => ({ kind: 'run' as const, box, run })),
    );
  }

  showMore(node: Node): void {
    if (node.kind !== 'more') return;
    this.limits.set(node.parent, (this.limits.get(node.parent) ?? PAGE) + PAGE);
    this.changed.fire(undefined);
  }

  private page<T>(parent: string, items: T[], wrap: (t: T) => Node): Node[] {
    const limit = this.limits.get(parent) ?? PAGE;
    const nodes = items.slice(0, limit).map(wrap);
    if (items.length > limit) nodes.push({ kind: 'more', parent, hidden: items.length - limit });
    return nodes;
  }

  getChildren(node?: Node): Node[] | Promise<Node[]> {
    // With only this machine there is no box level: its runs sit at the top, and with none the view's
    // welcome text explains what a run is.
    if (!node) return this.roots.shownRoots(this.topRows());
    switch (node.kind) {
      case 'box':
        return this.boxRows(node.box).map((r) => r.node);
      case 'problems':
        return node.problems.map((problem) => ({ kind: 'problem', problem }));
      case 'checkpoints':
        return checkpointChildren(node.box, node.run);
      case 'run': {
        // A run that saves checkpoints lists them first: its saved iterations, read on the box when opened.
        const nodes: Node[] = saveFolder(node.run.record)
          ? [{ kind: 'checkpoints', box: node.box, run: node.run }]
          : [];
        const mirror = node.box.mirrors?.byDir.get(node.run.dir);
        if (!mirror) return nodes;
        if (mirror.store.problems.length > 0) {
          nodes.push({ kind: 'readProblems', run: node.run, problems: mirror.store.problems });
        }
        const key = runKey(node.box.alias, node.run.dir);
        const pins = this.pinsOf?.(key);
        if (pins && pins.length > 0) nodes.push({ kind: 'pinned', run: node.run, mirror, pins });
        const steps = this.filtering
          ? mirror.tree.stepNodes().filter((st) => this.matchCount(st, mirror) > 0)
          : mirror.tree.stepNodes();
        const ordered = this.order === 'newest-first' ? [...steps].reverse() : steps;
        return [
          ...nodes,
          ...this.page(key, ordered, (step) => ({
            kind: 'step',
            run: node.run,
            step,
            mirror,
          })),
        ];
      }
      case 'pinned':
        return pinnedSamples(node);
      case 'readProblems':
        return this.page(`${node.run.dir}#problems`, node.problems, (problem) => ({
          kind: 'readProblem',
          run: node.run,
          problem,
        }));
      case 'step': {
        const groups = [...node.step.groups.values()]
          .filter(
            (g) =>
              !this.filtering ||
              g.seqs.some((seq) => this.matches(node.mirror.store.samples.at(seq)!, node.mirror)),
          )
          .sort((a, b) => a.group - b.group);
        const key = `${node.mirror.store.dir}#${node.step.evaluation}:${node.step.step}`;
        return this.page(key, groups, (group) => ({
          kind: 'group',
          run: node.run,
          group,
          mirror: node.mirror,
        }));
      }
      case 'group': {
        const key = `${node.mirror.store.dir}#${node.group.evaluation}:${node.group.step}:${node.group.group}`;
        const members = node.group.seqs.map((seq) => node.mirror.store.samples.at(seq)!);
        const visible = this.filtering ? members.filter((e) => this.matches(e, node.mirror)) : members;
        const samples = sortSamples(visible, this.sampleOrder);
        return this.page(key, samples, (sample) => ({
          kind: 'sample',
          run: node.run,
          sample,
          mirror: node.mirror,
        }));
      }
      default:
        return [];
    }
  }

  getTreeItem(node: Node): vscode.TreeItem {
    switch (node.kind) {
      case 'problems':
        return this.problemsItem(vscode.l10n.t('Problems while reading runs'), node.problems.length);
      case 'problem': {
        const item = new vscode.TreeItem(node.problem.path.split('/').slice(-2).join('/'));
        item.description = node.problem.message;
        item.tooltip = `${node.problem.path}\n${node.problem.message}`;
        item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground'));
        return item;
      }
      case 'readProblems':
        return this.problemsItem(vscode.l10n.t('Problems while reading'), node.problems.length);
      case 'pinned': {
        const item = new vscode.TreeItem(vscode.l10n.t('Pinned'), vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `${node.mirror.store.dir}#pinned`;
        item.iconPath = new vscode.ThemeIcon('pinned');
        item.description = String(node.pins.length);
        item.tooltip = vscode.l10n.t('Samples pinned in the Trajectory Viewer, with their notes');
        item.contextValue = 'pinned';
        return item;
      }
      case 'readProblem': {
        const item = new vscode.TreeItem(`rollouts.jsonl:${node.problem.line}`);
        item.description = node.problem.message;
        item.tooltip = `${node.run.dir}/rollouts.jsonl:${node.problem.line}\n${node.problem.message}`;
        item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground'));
        return item;
      }
      case 'box':
        return this.boxItem(node.box);
      case 'run':
        return this.runItem(node);
      case 'step':
        return this.stepItem(
          node.mirror,
          node.step,
          node.run.state?.state === 'running' || node.run.state?.state === 'starting',
        );
      case 'group':
        return this.groupItem(
          node.mirror.store,
          node.group,
          runRewardScale(node.run.record, node.mirror.store),
        );
      case 'sample':
        return this.sampleItem(node);
      case 'checkpoints':
        return checkpointsFolderItem(node.run.record, `${runKey(node.box.alias, node.run.dir)}#checkpoints`);
      case 'checkpoint':
        return checkpointItem(node, runKey(node.box.alias, node.run.dir));
      case 'checkpointNote':
        return noteItem(node);
      case 'more': {
        const item = new vscode.TreeItem(
          vscode.l10n.t('Show {0} more ({1} hidden)', Math.min(PAGE, node.hidden), node.hidden),
        );
        item.iconPath = new vscode.ThemeIcon('ellipsis');
        item.command = {
          command: 'rolloutStudio.showMore',
          title: vscode.l10n.t('Show More'),
          arguments: [node],
        };
        return item;
      }
    }
  }

  private problemsItem(label: string, count: number): vscode.TreeItem {
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.Collapsed);
    item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
    item.description = String(count);
    return item;
  }

  private boxItem(box: BoxSession): vscode.TreeItem {
    const item = new vscode.TreeItem(box.label, vscode.TreeItemCollapsibleState.Expanded);
    item.id = `box:${box.alias}`;
    item.iconPath = new vscode.ThemeIcon(box.icon);
    const runs = box.discovery?.runs.length ?? 0;
    item.description =
      box.state === 'ready'
        ? runs === 1
          ? vscode.l10n.t('1 run')
          : vscode.l10n.t('{0} runs', runs)
        : box.state;
    item.contextValue = `box.${box.isLocal ? 'local' : 'ssh'}`;
    return item;
  }

  private runItem(node: RunNode): vscode.TreeItem {
    const { run } = node;
    const state = run.state?.state ?? 'starting';
    const mirror = node.box.mirrors?.byDir.get(run.dir);
    const item = new vscode.TreeItem(run.record.name, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = runKey(node.box.alias, run.dir);
    item.contextValue = `run.${state}`;
    const exit =
      state === 'exited' && run.state?.exitCode !== undefined
        ? vscode.l10n.t(' (exit {0})', String(run.state.exitCode))
        : '';
    // The script was killed before it could write its end (discovery found its processes gone).
    const stateText = run.unrecordedEnd
      ? vscode.l10n.t('ended without recording its exit')
      : run.scriptGone
        ? vscode.l10n.t('script gone, Ray job still running')
        : `${state}${exit}`;
    const imported = run.record.importedFrom;
    // An opened file has no process behind it: say what it was read as instead of a state.
    item.iconPath = imported ? new vscode.ThemeIcon('file') : STATE_ICON[state];
    const parts = [imported ? vscode.l10n.t('{0} file', imported.format) : stateText];
    const latest = mirror?.tree.latest();
    // The console knows how many steps the run will take and how fast it goes; the mirror knows rewards.
    const progress = state === 'running' ? this.progressOf?.(node.box, run) : undefined;
    if (progress?.step !== undefined && progress.totalSteps !== undefined) {
      parts.push(vscode.l10n.t('step {0} of {1}', progress.step, progress.totalSteps));
    } else if (latest) {
      parts.push(
        latest.evaluation ? vscode.l10n.t('eval {0}', latest.step) : vscode.l10n.t('step {0}', latest.step),
      );
    }
    const r = latest ? stepReward(latest) : undefined;
    if (r) parts.push(vscode.l10n.t('reward {0}', r.mean.toFixed(2)));
    if (progress?.etaSeconds !== undefined)
      parts.push(vscode.l10n.t('ETA {0}', duration(progress.etaSeconds)));
    if (mirror) parts.push(vscode.l10n.t('{0} samples', mirror.store.samples.length.toLocaleString('en-US')));
    if (mirror?.store.headsOnly) parts.push(vscode.l10n.t('heads only'));
    if (!mirror && node.box.mirrors?.notCopied.has(run.dir)) parts.push(vscode.l10n.t('not copied'));
    const elsewhere = !mirror && node.box.mirrors?.elsewhere.has(run.dir) === true;
    if (elsewhere) parts.push(vscode.l10n.t('followed in another window'));
    if (run.record.demo) parts.push(vscode.l10n.t('demo'));
    const tapMissing = this.tapMissingOf?.(node.box, run);
    if (tapMissing) {
      parts.push(vscode.l10n.t('no rollouts.jsonl on the box'));
      item.iconPath = new vscode.ThemeIcon(
        'warning',
        new vscode.ThemeColor('problemsWarningIcon.foreground'),
      );
    }
    item.description = parts.join(' · ');
    // Plain text: run.json comes from the box, and nothing in it should render as markdown or links.
    item.tooltip = [
      run.record.demo ? vscode.l10n.t('{0} — demo data', run.record.name) : run.record.name,
      vscode.l10n.t('State: {0}', stateText),
      vscode.l10n.t('Started: {0}', run.state?.startedAt ?? run.record.createdAt),
      imported ? vscode.l10n.t('Read from {0}', imported.path) : vscode.l10n.t('Directory: {0}', run.dir),
      ...(this.profileOf ? [vscode.l10n.t('Tool calls read as {0}', this.profileOf(node.box))] : []),
      ...(elsewhere
        ? [
            '',
            vscode.l10n.t(
              'Another VS Code window follows this run; its rollouts show here once that window closes it.',
            ),
          ]
        : []),
      ...(tapMissing ? ['', tapMissing] : []),
      ...(run.record.argv.length > 0 ? ['', run.record.argv.join(' ')] : []),
      ...(run.unrecordedEnd
        ? ['', vscode.l10n.t('Last lines of console.log:'), ...run.unrecordedEnd.lastLines]
        : []),
      ...(run.scriptGone
        ? [
            '',
            vscode.l10n.t(
              'The launch script is gone, but Ray reports the job {0} as {1} at {2}. Stop Run stops it with ray job stop.',
              run.state?.submissionId ?? '',
              run.scriptGone.rayJob,
              run.state?.rayAddress ?? '',
            ),
          ]
        : []),
    ].join('\n');
    return item;
  }

  /** live: the run is starting or running (an opened file's run has no state and is never live). */
  private stepItem(mirror: RunMirror, step: StepNode, live: boolean): vscode.TreeItem {
    const scope = mirror.store.dir;
    const item = new vscode.TreeItem(
      step.evaluation ? vscode.l10n.t('Eval {0}', step.step) : vscode.l10n.t('Step {0}', step.step),
      vscode.TreeItemCollapsibleState.Collapsed,
    );
    item.id = `${scope}#${step.evaluation}:${step.step}`;
    const inProgress = mirror.tree.inProgress(
      step,
      live,
      mirror.store.steps.has(stepKey(step.step, step.evaluation)),
    );
    item.description = [
      ...describeStep(step, inProgress),
      ...(this.filtering ? [vscode.l10n.t('{0} match', this.matchCount(step, mirror))] : []),
    ].join(' · ');
    item.iconPath = new vscode.ThemeIcon(
      inProgress ? 'loading~spin' : step.evaluation ? 'beaker' : 'graph-line',
    );
    item.contextValue = 'step';
    return item;
  }

  private groupItem(
    store: { dir: string; samples: SampleColumns },
    group: GroupNode,
    scale: RewardScale | null,
  ): vscode.TreeItem {
    const scope = store.dir;
    const members = group.seqs.map((seq) => store.samples.at(seq)!);
    const label =
      group.task !== null
        ? group.domain
          ? vscode.l10n.t('{0} · task {1}', group.domain, group.task)
          : vscode.l10n.t('task {0}', group.task)
        : vscode.l10n.t('group {0}', group.group);
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `${scope}#${group.evaluation}:${group.step}:${group.group}`;
    const zero = isZeroStd(store.samples, group);
    const dots = members.map((s) => rewardGlyph(s.reward, scale)).join('');
    item.description = `${dots} ${groupRewards(store.samples, group).map(num).join(' ')}${zero ? vscode.l10n.t(' · zero std') : ''}`;
    item.iconPath = zero
      ? new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('problemsWarningIcon.foreground'))
      : new vscode.ThemeIcon('symbol-array');
    item.tooltip = [
      zero
        ? vscode.l10n.t(
            'Every sample in this group got the same reward: GRPO advantages are all zero, so the group teaches nothing.',
          )
        : vscode.l10n.t('Group {0} of step {1}: {2} samples', group.group, group.step, members.length),
      ...members.map(
        (s) =>
          `#${s.index} ${rewardGlyph(s.reward, scale)} ${s.reward === null ? vscode.l10n.t('no reward') : num(s.reward)}`,
      ),
      vscode.l10n.t('Reward dots, {0}', scaleNote(scale)),
    ].join('\n');
    item.contextValue = 'group';
    return item;
  }

  private sampleItem(node: SampleNode): vscode.TreeItem {
    const s = node.sample;
    const item = new vscode.TreeItem(
      vscode.l10n.t('#{0} · reward {1}', s.index, s.reward === null ? '—' : num(s.reward)),
    );
    item.id = `${node.mirror.store.dir}#${s.evaluation}:${s.step}:${s.group}:${s.index}:${s.offset}`;
    const diag =
      s.errors === null || s.warnings === null
        ? vscode.l10n.t('diagnostics pending')
        : s.errors > 0
          ? s.errors === 1
            ? vscode.l10n.t('1 error')
            : vscode.l10n.t('{0} errors', s.errors)
          : s.warnings > 0
            ? s.warnings === 1
              ? vscode.l10n.t('1 warning')
              : vscode.l10n.t('{0} warnings', s.warnings)
            : '';
    item.description = [
      s.status,
      s.shapedReward !== null ? vscode.l10n.t('shaped {0}', num(s.shapedReward)) : '',
      diag,
    ]
      .filter(Boolean)
      .join(' · ');
    const scale = runRewardScale(node.run.record, node.mirror.store);
    // The icon is the reward's dot; status and tool-call diagnostics stay in the description and tooltip.
    item.iconPath = rewardIcon(s.reward, scale);
    item.tooltip = [
      vscode.l10n.t('reward {0} ({1})', s.reward === null ? '—' : num(s.reward), scaleNote(scale)),
      ...(s.shapedReward !== null ? [vscode.l10n.t('shaped {0}', num(s.shapedReward))] : []),
      vscode.l10n.t('status {0}', s.status),
      s.errors === null || s.warnings === null
        ? vscode.l10n.t('tool-call diagnostics pending')
        : vscode.l10n.t('{0} tool-call error(s), {1} warning(s)', s.errors, s.warnings),
    ].join('\n');
    item.contextValue = 'sample';
    if (node.pinned) {
      // Under the Pinned node the note leads (it says why the sample is there), then the sample's place.
      item.id = `${item.id}#pinned`;
      item.label = node.pinned.note.split('\n')[0] || sampleKeyString(s);
      const reward = vscode.l10n.t('reward {0}', s.reward === null ? '—' : num(s.reward));
      item.description = node.pinned.note ? `${sampleKeyString(s)} · ${reward}` : reward;
      const pinNote = node.pinned.note
        ? vscode.l10n.t('Note: {0}', node.pinned.note)
        : vscode.l10n.t('Pinned, no note');
      item.tooltip = `${pinNote}\n\n${item.tooltip}`;
      item.contextValue = 'pinnedSample';
    }
    item.command = {
      command: 'rolloutStudio.openSampleInViewer',
      title: vscode.l10n.t('Open in Trajectory Viewer'),
      arguments: [node],
    };
    return item;
  }
}

/** The pinned samples found in the run's store, in the order they were pinned; pins of samples not there are left out. */
function pinnedSamples(node: PinnedNode): SampleNode[] {
  const wanted = new Map(node.pins.map((p) => [sampleKeyString(p.key), p]));
  const found = new Map<string, SampleEntry>();
  const samples = node.mirror.store.samples;
  for (let seq = 0; seq < samples.length && found.size < wanted.size; seq++) {
    const e = samples.at(seq)!;
    const k = sampleKeyString(e);
    if (wanted.has(k)) found.set(k, e);
  }
  return node.pins.flatMap((p) => {
    const sample = found.get(sampleKeyString(p.key));
    return sample
      ? [{ kind: 'sample' as const, run: node.run, sample, mirror: node.mirror, pinned: { note: p.note } }]
      : [];
  });
}
