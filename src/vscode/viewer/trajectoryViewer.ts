import * as vscode from 'vscode';
import type { RewardRange } from '../../shared/rewardScale';
import type { Profile } from '../../core/toolcall/types';
import type { RunMirror } from '../../remote/runMirror';
import { DEFAULT_VIEWER_QUERY, sampleKeyString } from '../../shared/protocol';
import { savedViewerUi } from '../../shared/savedViewerUi';
import type {
  HostToViewer,
  RunInfo,
  RunInfra,
  RunTimeline,
  SampleDetail,
  SampleKey,
  ViewerAction,
  ViewerHandlers,
  ViewerRequest,
  ViewerToHost,
  ViewerUiState,
} from '../../shared/protocol';
import { trajectoryMarkdown } from '../../core/export/trajectoryMarkdown';
import { Disposable } from '../disposable';
import { webviewHtml } from '../webviewHtml';
import { withCancellableProgress } from '../cancellableProgress';
import { exportMarkdown, exportRows } from './exportFiles';
import { overlayOverview } from '../../core/viewer/overlayOverview';
import { sameTaskRuns } from '../../core/viewer/sameTask';
import { RunViewerData } from '../../core/viewer/runViewerData';
import { TokenViews } from './tokenViews';
import type { TurnDocuments } from './turnDocuments';
import { TurnReplays } from './turnReplays';
import { TurnSglangChecks } from './turnSglangChecks';
import type { BoxSession } from '../boxes/boxSession';
import type { BoxSglangChecks } from '../toolcall/boxSglangChecks';
import type { ReplayServers } from './turnReplays';
import type { RunSavedViews } from './runSavedViews';
import { askPinNote, askViewName } from './savedViewPrompts';

export const VIEWER_VIEW_TYPE = 'rolloutStudio.trajectoryViewer';

export interface ViewerHostDeps {
  context: vscode.ExtensionContext;
  log: vscode.LogOutputChannel;
  mirrors: ReadonlyMap<string, RunMirror>;
  runs: () => RunInfo[];
  /** The profile a run's turns are read under (its box's installed SGLang, unless the settings pin one). */
  profile: (runKey: string | undefined) => Profile;
  turns: TurnDocuments;
  showRecord: (name: string, json: string) => Promise<void>;
  replayServers: ReplayServers;
  sglangChecks: BoxSglangChecks;
  /** The box a run lives on; undefined for opened files. */
  boxOf: (runKey: string) => BoxSession | undefined;
  /** Where each step's time went, from the run's console.log (followed while it runs, else read). */
  timeline: (runKey: string) => Promise<RunTimeline>;
  /** GPU readings over the run's life and its W&B link; asking keeps the run's GPUs sampled while it is live. */
  infra: (runKey: string) => Promise<RunInfra>;
  /** The reward range a run's run.json declares, if any. */
  declaredRewardRange?: (runKey: string) => RewardRange | undefined;
  tokens: TokenViews;
  /** A sample was shown (the walkthrough's last step waits for a broken tool call). */
  sampleShown?: (detail: SampleDetail) => void;
  /** A link that opens the sample in Rollout Studio (for exported reports), when the run has one. */
  link?: (runKey: string, key: SampleKey) => string | undefined;
  /** Each run's saved views and pins, shared with the explorer. */
  saved: RunSavedViews;
}

/** The viewer's keyboard commands (package.json keybindings) and what each asks the webview to do. */
const VIEWER_ACTIONS: [string, ViewerAction][] = [
  ['rolloutStudio.viewer.nextSample', 'nextSample'],
  ['rolloutStudio.viewer.previousSample', 'previousSample'],
  ['rolloutStudio.viewer.nextDiagnosticTurn', 'nextDiagnosticTurn'],
  ['rolloutStudio.viewer.previousDiagnosticTurn', 'previousDiagnosticTurn'],
  ['rolloutStudio.viewer.toggleCompare', 'toggleCompare'],
  ['rolloutStudio.viewer.find', 'find'],
];

const emptyUi = (runKey: string | null): ViewerUiState => ({
  runKey,
  query: DEFAULT_VIEWER_QUERY,
  tab: 'samples',
  selected: null,
  compareWith: null,
  raw: false,
});

/** One viewer panel: its webview, the run it shows and the data service answering for that run. */
class ViewerPanel {
  ui: ViewerUiState;
  /** A turn to scroll to once the webview is up (a link opened a new panel). */
  pendingTurn: number | null = null;
  private data: RunViewerData | undefined;
  private dataProfile = '';
  private readonly replays: TurnReplays;
  private readonly checks: TurnSglangChecks;

  constructor(
    readonly panel: vscode.WebviewPanel,
    ui: ViewerUiState,
    private readonly deps: ViewerHostDeps,
    onDispose: () => void,
    onViewState: () => void,
  ) {
    this.ui = ui;
    this.replays = new TurnReplays(
      deps.replayServers,
      () => deps.profile(this.ui.runKey ?? undefined),
      (m) => this.post(m),
      deps.log,
    );
    this.checks = new TurnSglangChecks(deps.sglangChecks, (m) => this.post(m));
    const { context } = deps;
    panel.iconPath = new vscode.ThemeIcon('list-tree');
    panel.webview.options = {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'dist')],
    };
    panel.webview.html = webviewHtml(
      panel.webview,
      context.extensionUri,
      'rs-viewer',
      vscode.l10n.t('Trajectory Viewer'),
      {
        ui,
        runs: deps.runs(),
      },
    );
    panel.webview.onDidReceiveMessage((m: ViewerToHost) => void this.onMessage(m));
    panel.onDidChangeViewState(onViewState);
    const savedChanges = deps.saved.onDidChange((runKey) => {
      const saved = deps.saved.peek(runKey);
      if (!saved) return;
      if (this.data?.runKey === runKey) this.data.setPins(saved.pins);
      this.post({ type: 'savedViews', runKey, saved });
    });
    panel.onDidDispose(() => {
      savedChanges.dispose();
      this.replays.dispose();
      this.data?.dispose();
      onDispose();
    });
    this.retitle();
  }

  private retitle(): void {
    const run = this.deps.runs().find((r) => r.runKey === this.ui.runKey);
    this.panel.title = run
      ? vscode.l10n.t('Trajectories · {0}', run.name)
      : vscode.l10n.t('Trajectory Viewer');
  }

  act(action: ViewerAction): void {
    this.post({ type: 'action', action });
  }

  private runName(runKey: string): string {
    return this.deps.runs().find((r) => r.runKey === runKey)?.name ?? 'run';
  }

  private post(m: HostToViewer): void {
    void this.panel.webview.postMessage(m);
  }

  /** The data service for a run, created when its mirror exists (a reload can restore before it does). */
  private dataFor(runKey: string): RunViewerData {
    // Read again when the run's profile changed (its box's SGLang release became known, settings).
    const profile = this.deps.profile(runKey);
    const profileKey = JSON.stringify(profile);
    if (this.data?.runKey === runKey && this.dataProfile === profileKey) return this.data;
    const mirror = this.deps.mirrors.get(runKey);
    if (!mirror)
      throw new Error(
        vscode.l10n.t('The run is still loading from the box, or is no longer listed under the runs root.'),
      );
    this.data?.dispose();
    this.data = new RunViewerData(
      runKey,
      mirror.store,
      profile,
      (n) => this.post({ type: 'notice', runKey, ...n }),
      undefined,
      () => this.deps.declaredRewardRange?.(runKey),
    );
    this.dataProfile = profileKey;
    const data = this.data;
    this.deps.saved.get(runKey).then(
      (saved) => data.setPins(saved.pins),
      (e: Error) => this.deps.log.warn(`saved views of ${runKey}: ${e.message}`),
    );
    return data;
  }

  /** A mirror (re)appeared or the run list changed: a viewer waiting for it can load now. */
  runsChanged(): void {
    this.post({ type: 'runs', runs: this.deps.runs() });
    const runKey = this.ui.runKey;
    if (runKey && this.data?.runKey !== runKey && this.deps.mirrors.has(runKey)) {
      const mirror = this.deps.mirrors.get(runKey)!;
      this.post({
        type: 'notice',
        runKey,
        samples: mirror.store.samples.length,
        steps: 0,
        problems: 0,
        restarted: false,
      });
    }
    this.retitle();
  }

  reveal(runKey: string, key: SampleKey | null, compareWith: SampleKey | null, turn: number | null): void {
    this.panel.reveal(undefined, false);
    if (key) this.post({ type: 'reveal', runKey, key, compareWith, turn });
  }

  private async onMessage(m: ViewerToHost): Promise<void> {
    switch (m.type) {
      case 'request':
        return this.answer(m);
      case 'ready':
        this.post({ type: 'runs', runs: this.deps.runs() });
        if (this.pendingTurn !== null && this.ui.runKey && this.ui.selected)
          this.reveal(this.ui.runKey, this.ui.selected, this.ui.compareWith, this.pendingTurn);
        this.pendingTurn = null;
        return;
      case 'uiState':
        this.ui = m.ui;
        this.retitle();
        return;
      case 'openTurn':
        try {
          const detail = await this.dataFor(m.runKey).sample(m.key);
          const turn = detail.sample.turns[m.turn];
          if (!turn) throw new Error(vscode.l10n.t('turn {0} does not exist', m.turn));
          await this.deps.turns.showTurn(m.key, m.turn, { text: turn.text, analysis: turn.analysis });
        } catch (e) {
          void vscode.window.showErrorMessage(
            vscode.l10n.t('Cannot open the turn: {0}', (e as Error).message),
          );
        }
        return;
      case 'replay':
        return this.replays.start(m.replayId, m.turn, () => this.dataFor(m.runKey).sample(m.key));
      case 'cancelReplay':
        this.replays.cancel(m.replayId);
        return;
      case 'sglangCheck':
        return this.checks.start(m.checkId, m.turn, {
          detail: () => this.dataFor(m.runKey).sample(m.key),
          profile: this.deps.profile(m.runKey),
          box: this.deps.boxOf(m.runKey),
        });
      case 'connectBox':
        await vscode.commands.executeCommand('rolloutStudio.connectToBox');
        return;
      case 'exportRows':
        try {
          const data = this.dataFor(m.runKey);
          const rows = await withCancellableProgress(
            vscode.l10n.t('Reading the samples to export'),
            (control) => data.matchingRows(m.query, control),
          );
          if (rows) await exportRows(rows, this.runName(m.runKey));
        } catch (e) {
          void vscode.window.showErrorMessage(
            vscode.l10n.t('Cannot export the samples: {0}', (e as Error).message),
          );
        }
        return;
      case 'exportMarkdown':
        try {
          const detail = await this.dataFor(m.runKey).sample(m.key);
          const sampleId = sampleKeyString(m.key);
          const markdown = trajectoryMarkdown(detail.sample, {
            run: this.runName(m.runKey),
            sampleId,
            profile: this.deps.profile(m.runKey),
            link: this.deps.link?.(m.runKey, m.key),
          });
          await exportMarkdown(markdown, `${this.runName(m.runKey)}-${sampleId}`);
        } catch (e) {
          void vscode.window.showErrorMessage(
            vscode.l10n.t('Cannot export the trajectory: {0}', (e as Error).message),
          );
        }
        return;
      case 'saveView': {
        const { saved } = this.deps;
        const views = (await saved.get(m.runKey).catch(() => undefined))?.views ?? [];
        const name = await askViewName(m.query, views);
        if (name === undefined) return;
        const view = { name, ...m.query, savedAt: new Date().toISOString() };
        await saved.change(m.runKey, vscode.l10n.t('save the view'), (file) => file.saveView(view));
        return;
      }
      case 'deleteView':
        await this.deps.saved.change(m.runKey, vscode.l10n.t('delete the view'), (file) =>
          file.deleteView(m.name),
        );
        return;
      case 'pinSample': {
        const { saved } = this.deps;
        const pins = (await saved.get(m.runKey).catch(() => undefined))?.pins ?? [];
        const note = await askPinNote(m.key, pins);
        if (note === undefined) return;
        await saved.change(m.runKey, vscode.l10n.t('pin the sample'), (file) => file.pin(m.key, note));
        return;
      }
      case 'unpinSample':
        await this.deps.saved.change(m.runKey, vscode.l10n.t('unpin the sample'), (file) =>
          file.unpin(m.key),
        );
        return;
      case 'openRecord':
        try {
          const record = await this.dataFor(m.runKey).record(m.key);
          await this.deps.showRecord(`${sampleKeyString(m.key)}.json`, JSON.stringify(record, null, 2));
        } catch (e) {
          void vscode.window.showErrorMessage(
            vscode.l10n.t("Cannot read the sample's record: {0}", (e as Error).message),
          );
        }
        return;
    }
  }

  private readonly handlers: ViewerHandlers = {
    rows: (p) => this.dataFor(p.runKey).rowsPage(p),
    rowIndex: (p) => this.dataFor(p.runKey).rowIndex(p),
    sample: async ({ runKey, key }) => {
      const detail = await this.dataFor(runKey).sample(key);
      this.deps.sampleShown?.(detail);
      return detail;
    },
    overview: ({ runKey }) => this.dataFor(runKey).overview(),
    comparePair: ({ runKey, key }) => this.dataFor(runKey).comparePair(key),
    evalSummary: ({ runKey, step }) => this.dataFor(runKey).evalSummary(step),
    behaviour: ({ runKey }) => this.dataFor(runKey).behaviour(),
    // An overlaid run is read from its index beside the open one, which keeps its data service.
    overlay: ({ runKey }) => {
      const mirror = this.deps.mirrors.get(runKey);
      if (!mirror) throw new Error(vscode.l10n.t('That run is not loaded (any more).'));
      return overlayOverview(mirror.store);
    },
    timeline: ({ runKey }) => this.deps.timeline(runKey),
    infra: ({ runKey }) => this.deps.infra(runKey),
    sameTask: ({ runKey, key }) => {
      const entry = this.dataFor(runKey).entry(key);
      const others = this.deps
        .runs()
        .filter((run) => run.runKey !== runKey)
        .flatMap((run) => {
          const mirror = this.deps.mirrors.get(run.runKey);
          return mirror ? [{ runKey: run.runKey, name: run.name, samples: mirror.store.samples }] : [];
        });
      return sameTaskRuns(entry, others);
    },
    savedViews: ({ runKey }) => this.deps.saved.get(runKey),
    tokens: async ({ runKey, key }) => {
      const data = this.dataFor(runKey);
      const mirror = this.deps.mirrors.get(runKey)!;
      return this.deps.tokens.view(mirror.target, mirror.runDir, await data.record(key));
    },
  };

  private async answer(r: ViewerRequest): Promise<void> {
    try {
      // A request's method and params agree (ViewerRequest), which TypeScript cannot follow through an index.
      const handle = this.handlers[r.method] as (params: ViewerRequest['params']) => unknown;
      this.post({ type: 'response', id: r.id, ok: true, result: await handle(r.params) });
    } catch (e) {
      this.deps.log.debug(`viewer ${r.method}: ${(e as Error).message}`);
      this.post({ type: 'response', id: r.id, ok: false, error: (e as Error).message });
    }
  }
}

/**
 * The trajectory viewer's host side: opens panels for runs and samples, restores them after a reload
 * (WebviewPanelSerializer, with the run, filters and selection the webview saved), and keeps them told
 * about runs appearing and growing.
 */
export class TrajectoryViewer extends Disposable implements vscode.WebviewPanelSerializer<ViewerUiState> {
  private readonly panels = new Set<ViewerPanel>();
  private readonly visibilityEmitter = this.register(new vscode.EventEmitter<void>());
  /** Fires when a panel opens, closes, or is shown or hidden. */
  readonly onDidChangeVisibility = this.visibilityEmitter.event;

  constructor(private readonly deps: ViewerHostDeps) {
    super();
    this.register(vscode.window.registerWebviewPanelSerializer(VIEWER_VIEW_TYPE, this));
    for (const [command, action] of VIEWER_ACTIONS)
      this.register(
        vscode.commands.registerCommand(command, () => {
          // The keybindings apply while a viewer is the active editor (package.json `when`).
          const panel = [...this.panels].find((p) => p.panel.active);
          panel?.act(action);
        }),
      );
  }

  /** Whether any viewer panel is on screen. */
  get visible(): boolean {
    return [...this.panels].some((p) => p.panel.visible);
  }

  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    this.adopt(panel, savedViewerUi(state) ?? emptyUi(null));
  }

  private adopt(panel: vscode.WebviewPanel, ui: ViewerUiState): ViewerPanel {
    const changed = () => this.visibilityEmitter.fire();
    const p: ViewerPanel = new ViewerPanel(
      panel,
      ui,
      this.deps,
      () => {
        this.panels.delete(p);
        changed();
      },
      changed,
    );
    this.panels.add(p);
    changed();
    return p;
  }

  /**
   * Opens the run's panel (or reveals it) and, with a key, shows that sample in it; with `compareWith`
   * too, the two side by side; with a turn, scrolled to that turn.
   */
  open(
    runKey: string | null,
    key: SampleKey | null = null,
    compareWith: SampleKey | null = null,
    turn: number | null = null,
  ): void {
    const existing = [...this.panels].find((p) => p.ui.runKey === runKey);
    if (existing) {
      existing.reveal(runKey ?? '', key, compareWith, turn);
      return;
    }
    const panel = vscode.window.createWebviewPanel(
      VIEWER_VIEW_TYPE,
      vscode.l10n.t('Trajectory Viewer'),
      vscode.ViewColumn.Active,
      {
        enableScripts: true,
        retainContextWhenHidden: false,
        localResourceRoots: [vscode.Uri.joinPath(this.deps.context.extensionUri, 'dist')],
      },
    );
    this.adopt(panel, { ...emptyUi(runKey), selected: key, compareWith }).pendingTurn = key ? turn : null;
  }

  runsChanged(): void {
    for (const p of this.panels) p.runsChanged();
  }
}
