import * as vscode from 'vscode';
import type { RewardRange } from '../../core/metrics/rewardScale';
import type { Profile } from '../../core/toolcall/types';
import type { RunMirror } from '../../remote/runMirror';
import { DEFAULT_VIEWER_QUERY, sampleKeyString } from '../../../webview/protocol';
import type {
  HostToViewer,
  RunInfo,
  RunTimeline,
  SampleKey,
  ViewerRequest,
  ViewerToHost,
  ViewerUiState,
} from '../../../webview/protocol';
import { webviewHtml } from '../webviewHtml';
import { overlayOverview } from './overlayOverview';
import { sameTaskRuns } from './sameTask';
import { RunViewerData } from './runViewerData';
import { TokenViews } from './tokenViews';
import type { TurnDocuments } from './turnDocuments';
import { TurnReplays } from './turnReplays';
import type { ReplayServers } from './turnReplays';

export const VIEWER_VIEW_TYPE = 'rolloutStudio.trajectoryViewer';

export interface ViewerHostDeps {
  context: vscode.ExtensionContext;
  log: vscode.LogOutputChannel;
  mirrors: ReadonlyMap<string, RunMirror>;
  runs: () => RunInfo[];
  /** The profile a run's turns are read under (its box's installed SGLang, unless the settings pin one). */
  profile: (runDir: string | undefined) => Profile;
  turns: TurnDocuments;
  showRecord: (name: string, json: string) => Promise<void>;
  replayServers: ReplayServers;
  /** Where each step's time went, from the run's console.log (followed while it runs, else read). */
  timeline: (runDir: string) => Promise<RunTimeline>;
  /** The reward range a run's run.json declares, if any. */
  declaredRewardRange?: (runDir: string) => RewardRange | undefined;
  tokens: TokenViews;
}

const emptyUi = (runDir: string | null): ViewerUiState => ({
  runDir,
  query: DEFAULT_VIEWER_QUERY,
  tab: 'samples',
  selected: null,
  compareWith: null,
  raw: false,
});

/** One viewer panel: its webview, the run it shows and the data service answering for that run. */
class ViewerPanel {
  ui: ViewerUiState;
  private data: RunViewerData | undefined;
  private readonly replays: TurnReplays;

  constructor(
    readonly panel: vscode.WebviewPanel,
    ui: ViewerUiState,
    private readonly deps: ViewerHostDeps,
    onDispose: () => void,
  ) {
    this.ui = ui;
    this.replays = new TurnReplays(
      deps.replayServers,
      () => deps.profile(this.ui.runDir ?? undefined),
      (m) => this.post(m),
      deps.log,
    );
    const { context } = deps;
    panel.iconPath = new vscode.ThemeIcon('list-tree');
    panel.webview.options = {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'dist')],
    };
    panel.webview.html = webviewHtml(panel.webview, context.extensionUri, 'rs-viewer', 'Trajectory Viewer', {
      ui,
      runs: deps.runs(),
    });
    panel.webview.onDidReceiveMessage((m: ViewerToHost) => void this.onMessage(m));
    panel.onDidDispose(() => {
      this.replays.dispose();
      this.data?.dispose();
      onDispose();
    });
    this.retitle();
  }

  private retitle(): void {
    const run = this.deps.runs().find((r) => r.dir === this.ui.runDir);
    this.panel.title = run ? `Trajectories · ${run.name}` : 'Trajectory Viewer';
  }

  private post(m: HostToViewer): void {
    void this.panel.webview.postMessage(m);
  }

  /** The data service for a run, created when its mirror exists (a reload can restore before it does). */
  private dataFor(runDir: string): RunViewerData {
    if (this.data?.runDir === runDir) return this.data;
    const mirror = this.deps.mirrors.get(runDir);
    if (!mirror)
      throw new Error('The run is still loading from the box, or is no longer listed under the runs root.');
    this.data?.dispose();
    this.data = new RunViewerData(
      runDir,
      mirror.store,
      this.deps.profile(runDir),
      (n) => this.post({ type: 'notice', runDir, ...n }),
      undefined,
      () => this.deps.declaredRewardRange?.(runDir),
    );
    return this.data;
  }

  /** A mirror (re)appeared or the run list changed: a viewer waiting for it can load now. */
  runsChanged(): void {
    this.post({ type: 'runs', runs: this.deps.runs() });
    const runDir = this.ui.runDir;
    if (runDir && this.data?.runDir !== runDir && this.deps.mirrors.has(runDir)) {
      const mirror = this.deps.mirrors.get(runDir)!;
      this.post({
        type: 'notice',
        runDir,
        samples: mirror.store.samples.length,
        steps: 0,
        problems: 0,
        restarted: false,
      });
    }
    this.retitle();
  }

  reveal(runDir: string, key: SampleKey | null, compareWith: SampleKey | null): void {
    this.panel.reveal(undefined, false);
    if (key) this.post({ type: 'reveal', runDir, key, compareWith });
  }

  private async onMessage(m: ViewerToHost): Promise<void> {
    switch (m.type) {
      case 'request':
        return this.answer(m);
      case 'ready':
        this.post({ type: 'runs', runs: this.deps.runs() });
        return;
      case 'uiState':
        this.ui = m.ui;
        this.retitle();
        return;
      case 'openTurn':
        try {
          const detail = await this.dataFor(m.runDir).sample(m.key);
          const turn = detail.sample.turns[m.turn];
          if (!turn) throw new Error(`turn ${m.turn} does not exist`);
          await this.deps.turns.showTurn(m.key, m.turn, { text: turn.text, analysis: turn.analysis });
        } catch (e) {
          void vscode.window.showErrorMessage(`Cannot open the turn: ${(e as Error).message}`);
        }
        return;
      case 'replay':
        return this.replays.start(m.replayId, m.turn, () => this.dataFor(m.runDir).sample(m.key));
      case 'cancelReplay':
        this.replays.cancel(m.replayId);
        return;
      case 'openRecord':
        try {
          const record = await this.dataFor(m.runDir).record(m.key);
          await this.deps.showRecord(`${sampleKeyString(m.key)}.json`, JSON.stringify(record, null, 2));
        } catch (e) {
          void vscode.window.showErrorMessage(`Cannot read the sample's record: ${(e as Error).message}`);
        }
        return;
    }
  }

  private async answer(r: ViewerRequest): Promise<void> {
    try {
      // An overlaid run is read from its index beside the open one, which keeps its data service.
      if (r.method === 'overlay') {
        const mirror = this.deps.mirrors.get(r.params.runDir);
        if (!mirror) throw new Error('That run is not loaded (any more).');
        this.post({ type: 'response', id: r.id, ok: true, result: overlayOverview(mirror.store) });
        return;
      }
      if (r.method === 'timeline') {
        this.post({
          type: 'response',
          id: r.id,
          ok: true,
          result: await this.deps.timeline(r.params.runDir),
        });
        return;
      }
      if (r.method === 'sameTask') {
        const entry = this.dataFor(r.params.runDir).entry(r.params.key);
        const others = this.deps
          .runs()
          .filter((run) => run.dir !== r.params.runDir)
          .flatMap((run) => {
            const mirror = this.deps.mirrors.get(run.dir);
            return mirror ? [{ runDir: run.dir, name: run.name, samples: mirror.store.samples }] : [];
          });
        this.post({ type: 'response', id: r.id, ok: true, result: sameTaskRuns(entry, others) });
        return;
      }
      const data = this.dataFor(r.params.runDir);
      let result: unknown;
      switch (r.method) {
        case 'rows':
          result = data.rowsPage(r.params);
          break;
        case 'rowIndex':
          result = data.rowIndex(r.params);
          break;
        case 'sample':
          result = await data.sample(r.params.key);
          break;
        case 'overview':
          result = data.overview();
          break;
        case 'comparePair':
          result = data.comparePair(r.params.key);
          break;
        case 'evalSummary':
          result = data.evalSummary(r.params.step);
          break;
        case 'behaviour':
          result = data.behaviour();
          break;
        case 'tokens': {
          const mirror = this.deps.mirrors.get(r.params.runDir)!;
          result = await this.deps.tokens.view(mirror.target, mirror.runDir, await data.record(r.params.key));
          break;
        }
      }
      this.post({ type: 'response', id: r.id, ok: true, result });
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
export class TrajectoryViewer implements vscode.WebviewPanelSerializer<ViewerUiState> {
  private readonly panels = new Set<ViewerPanel>();

  constructor(private readonly deps: ViewerHostDeps) {
    deps.context.subscriptions.push(vscode.window.registerWebviewPanelSerializer(VIEWER_VIEW_TYPE, this));
  }

  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: ViewerUiState | undefined): Promise<void> {
    this.adopt(panel, state && typeof state === 'object' && 'query' in state ? state : emptyUi(null));
  }

  private adopt(panel: vscode.WebviewPanel, ui: ViewerUiState): ViewerPanel {
    const p: ViewerPanel = new ViewerPanel(panel, ui, this.deps, () => this.panels.delete(p));
    this.panels.add(p);
    return p;
  }

  /**
   * Opens the run's panel (or reveals it) and, with a key, shows that sample in it; with `compareWith`
   * too, the two side by side.
   */
  open(runDir: string | null, key: SampleKey | null = null, compareWith: SampleKey | null = null): void {
    const existing = [...this.panels].find((p) => p.ui.runDir === runDir);
    if (existing) {
      existing.reveal(runDir ?? '', key, compareWith);
      return;
    }
    const panel = vscode.window.createWebviewPanel(
      VIEWER_VIEW_TYPE,
      'Trajectory Viewer',
      vscode.ViewColumn.Active,
      {
        enableScripts: true,
        retainContextWhenHidden: false,
        localResourceRoots: [vscode.Uri.joinPath(this.deps.context.extensionUri, 'dist')],
      },
    );
    this.adopt(panel, { ...emptyUi(runDir), selected: key, compareWith });
  }

  runsChanged(): void {
    for (const p of this.panels) p.runsChanged();
  }
}
