import * as l10n from '@vscode/l10n';
import { LitElement, html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type {
  BehaviourOverview,
  EvalSummary,
  HostToViewer,
  RenderOptions,
  ReplayState,
  RunInfo,
  RunOverview,
  RunTimeline,
  SameTaskRuns,
  SampleDetail,
  SavedViews,
  SampleKey,
  SglangCheckState,
  ViewerInit,
  ViewerQuery,
  ViewerTab,
  ViewerToHost,
  ViewerAction,
  ViewerUiState,
} from '../../src/shared/protocol';
import { DEFAULT_RENDER, INITIAL_STATE_ID, sameSample } from '../../src/shared/protocol';
import { savedViewerUi } from '../../src/shared/savedViewerUi';
import { readInitialState, vscodeApi } from '../vscodeApi';
import './behaviourPanel';
import './compareView';
import './evalView';
import './overviewCharts';
import type { OverlayRun } from './overviewCharts';
import { REPLAY_MESSAGES, SGLANG_CHECK_MESSAGES, TurnJobs } from './turnJobs';
import { ViewerClient } from './rpc';
import './sameTaskView';
import './sampleTable';
import type { SampleTable } from './sampleTable';
import './infraPanel';
import './stepTimeline';
import './trajectoryView';
import type { TrajectoryView } from './trajectoryView';

// Labels are functions: they are read when the tabs render, after the webview's l10n bundle is loaded.
const TABS: { id: ViewerTab; label: () => string; icon: string }[] = [
  { id: 'samples', label: () => l10n.t('Samples'), icon: 'codicon-table' },
  { id: 'overview', label: () => l10n.t('Overview'), icon: 'codicon-graph-line' },
  { id: 'eval', label: () => l10n.t('Eval'), icon: 'codicon-beaker' },
];

type Load<T> =
  { state: 'idle' } | { state: 'loading' } | { state: 'ok'; value: T } | { state: 'error'; message: string };

/**
 * The trajectory viewer: a run's samples (table, overview charts, eval) on the left, the selected
 * trajectory or a comparison on the right. State worth keeping across reloads goes to setState.
 */
@customElement('rs-viewer')
export class ViewerApp extends LitElement {
  @state() private ui: ViewerUiState;
  @state() private runs: RunInfo[];
  @state() private detail: Load<SampleDetail> = { state: 'idle' };
  @state() private compare: Load<[SampleDetail, SampleDetail]> = { state: 'idle' };
  @state() private overview: RunOverview | undefined;
  @state() private overlays: OverlayRun[] = [];
  @state() private timeline: RunTimeline | undefined;
  @state() private behaviour: BehaviourOverview | undefined;
  @state() private evalSummary: EvalSummary | undefined;
  @state() private evalStep: number | undefined;
  @state() private sameTask: SameTaskRuns | undefined;
  /** The shown run's saved views and pins; undefined until the host answered, or when it cannot keep them. */
  @state() private saved: SavedViews | undefined;
  private readonly api = vscodeApi<unknown>();
  private readonly client = new ViewerClient((m: ViewerToHost) => this.api.postMessage(m));
  private readonly replays = new TurnJobs<ReplayState>(
    REPLAY_MESSAGES,
    (m) => this.api.postMessage(m),
    () => this.requestUpdate(),
  );
  private readonly sglangChecks = new TurnJobs<SglangCheckState>(
    SGLANG_CHECK_MESSAGES,
    (m) => this.api.postMessage(m),
    () => this.requestUpdate(),
  );
  private overviewTimer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    super();
    const init = readInitialState<ViewerInit>(INITIAL_STATE_ID);
    // A webview rebuilt after being hidden gets the panel's first HTML again; setState holds what is newer.
    this.ui = savedViewerUi(this.api.getState()) ?? init.ui;
    this.runs = init.runs;
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('message', (e: MessageEvent<HostToViewer>) => this.onHost(e.data));
    this.api.postMessage({ type: 'ready' } satisfies ViewerToHost);
    this.loadSelection();
    this.loadTab();
    void this.loadSaved();
  }

  /** The run's saved views and pins, asked for whenever the run changes (a restored run may not be loaded yet). */
  private async loadSaved(): Promise<void> {
    const runKey = this.ui.runKey;
    if (!runKey) return;
    try {
      const saved = await this.client.request('savedViews', { runKey });
      if (this.ui.runKey === runKey) this.saved = saved;
    } catch {
      if (this.ui.runKey === runKey) this.saved = undefined;
    }
  }

  private onHost(m: HostToViewer): void {
    if (this.client.handle(m)) return;
    switch (m.type) {
      case 'runs': {
        this.runs = m.runs;
        // A run restored before its mirror was ready: try again now that it may be.
        if (this.detail.state === 'error') this.loadSelection();
        if (!this.ui.runKey && m.runs[0]) this.setUi({ runKey: m.runs[0].runKey });
        if (!this.saved) void this.loadSaved();
        return;
      }
      case 'savedViews':
        if (m.runKey === this.ui.runKey) this.saved = m.saved;
        return;
      case 'notice':
        if (m.runKey !== this.ui.runKey) return;
        this.querySelector<SampleTable>('rs-sample-table')?.refresh();
        if (m.restarted) this.setUi({ selected: null, compareWith: null });
        if (this.detail.state === 'error') this.loadSelection();
        // Charts and eval are recomputed from the whole index: at most once a second while streaming.
        this.overviewTimer ??= setTimeout(() => {
          this.overviewTimer = undefined;
          this.loadTab();
        }, 1000);
        return;
      case 'reveal': {
        const runChanged = m.runKey !== this.ui.runKey;
        this.setUi({ runKey: m.runKey, selected: m.key, compareWith: m.compareWith });
        if (runChanged) {
          this.saved = undefined;
          void this.loadSaved();
        }
        const { turn } = m;
        void this.loadSelection().then(() => (turn === null ? undefined : this.goToTurn(m.key, turn)));
        void this.showRow(m.runKey, m.key);
        return;
      }
      case 'replay':
        this.replays.update(m.replayId, m.state);
        return;
      case 'sglangCheck':
        this.sglangChecks.update(m.checkId, m.state);
        return;
      case 'action':
        this.runAction(m.action);
        return;
    }
  }

  /** A keybinding of the viewer (package.json), forwarded by the host. */
  private runAction(action: ViewerAction): void {
    switch (action) {
      case 'nextSample':
      case 'previousSample':
        if (this.ui.tab !== 'samples') this.setTab('samples');
        void this.updateComplete.then(() =>
          this.querySelector<SampleTable>('rs-sample-table')?.move(action === 'nextSample' ? 1 : -1),
        );
        return;
      case 'nextDiagnosticTurn':
      case 'previousDiagnosticTurn':
        this.querySelector<TrajectoryView>('rs-trajectory')?.goToDiagnosticTurn(
          action === 'nextDiagnosticTurn' ? 1 : -1,
        );
        return;
      case 'toggleCompare':
        if (this.ui.compareWith) {
          this.setUi({ compareWith: null });
          this.compare = { state: 'idle' };
        } else void this.startCompare();
        return;
      case 'find':
        if (this.ui.tab !== 'samples') this.setTab('samples');
        void this.updateComplete.then(() =>
          this.querySelector<SampleTable>('rs-sample-table')?.focusSearch(),
        );
        return;
    }
  }

  /** A sample opened from outside the table (the explorer): its row is scrolled to and marked. */
  private async showRow(runKey: string, key: SampleKey): Promise<void> {
    const index = await this.client
      .request('rowIndex', { runKey, query: this.ui.query, key })
      .catch(() => null);
    if (index !== null && sameSample(this.ui.selected, key))
      this.querySelector<SampleTable>('rs-sample-table')?.showRow(index);
  }

  private setUi(patch: Partial<ViewerUiState>): void {
    this.ui = { ...this.ui, ...patch };
    this.api.setState(this.ui);
    this.api.postMessage({ type: 'uiState', ui: this.ui } satisfies ViewerToHost);
  }

  private loadTab(): void {
    const runKey = this.ui.runKey;
    if (!runKey) return;
    if (this.ui.tab === 'overview') {
      this.client.request('overview', { runKey }).then(
        (o) => (this.overview = o),
        () => undefined,
      );
      void this.loadOverlays();
      this.client.request('timeline', { runKey }).then(
        (t) => (this.timeline = t),
        (e: Error) =>
          (this.timeline = { timeline: null, note: l10n.t('The console could not be read: {0}', e.message) }),
      );
      this.client.request('behaviour', { runKey }).then(
        (b) => (this.behaviour = b),
        () => undefined,
      );
    }
    if (this.ui.tab === 'eval')
      this.client
        .request('evalSummary', this.evalStep === undefined ? { runKey } : { runKey, step: this.evalStep })
        .then(
          (s) => (this.evalSummary = s),
          () => undefined,
        );
  }

  /** The overlaid runs' overviews; a run that is gone or not loaded is left out rather than failing the rest. */
  private async loadOverlays(): Promise<void> {
    const wanted = (this.ui.overlay?.runs ?? []).filter((d) => d !== this.ui.runKey);
    const loaded = await Promise.all(
      wanted.map(async (dir) => {
        const run = this.runs.find((r) => r.runKey === dir);
        if (!run) return undefined;
        try {
          return { name: run.name, overview: await this.client.request('overlay', { runKey: dir }) };
        } catch {
          return undefined;
        }
      }),
    );
    this.overlays = loaded.filter((x): x is OverlayRun => x !== undefined);
  }

  private async loadSelection(): Promise<void> {
    const { runKey, selected, compareWith } = this.ui;
    if (!runKey || !selected) {
      this.detail = { state: 'idle' };
      return;
    }
    if (this.detail.state !== 'ok' || !sameSample(this.detail.value.key, selected))
      this.detail = { state: 'loading' };
    try {
      const value = await this.client.request('sample', { runKey, key: selected });
      if (!sameSample(this.ui.selected, selected)) return;
      this.detail = { state: 'ok', value };
      void this.loadSameTask(runKey, selected);
    } catch (e) {
      this.detail = { state: 'error', message: (e as Error).message };
    }
    if (compareWith) {
      this.compare = { state: 'loading' };
      try {
        const other = await this.client.request('sample', { runKey, key: compareWith });
        if (this.detail.state === 'ok')
          this.compare = { state: 'ok', value: orderPair(this.detail.value, other) };
      } catch (e) {
        this.compare = { state: 'error', message: (e as Error).message };
      }
    } else this.compare = { state: 'idle' };
  }

  /** Scrolls the shown trajectory to a turn, once the sample is the one on screen. */
  private async goToTurn(key: SampleKey, turn: number): Promise<void> {
    if (this.detail.state !== 'ok' || !sameSample(this.detail.value.key, key)) return;
    await this.updateComplete;
    const view = this.querySelector<TrajectoryView>('rs-trajectory');
    if (!view) return;
    await view.updateComplete;
    view.goToTurn(turn);
  }

  /** The selected sample's task in the other runs; left empty when that cannot be read. */
  private async loadSameTask(runKey: string, key: SampleKey): Promise<void> {
    this.sameTask = undefined;
    try {
      const found = await this.client.request('sameTask', { runKey, key });
      if (this.ui.runKey === runKey && sameSample(this.ui.selected, key)) this.sameTask = found;
    } catch {
      this.sameTask = undefined;
    }
  }

  private select(key: SampleKey): void {
    if (sameSample(key, this.ui.selected) && !this.ui.compareWith) return;
    this.setUi({ selected: key, compareWith: null });
    void this.loadSelection();
  }

  private async startCompare(): Promise<void> {
    const { runKey, selected } = this.ui;
    if (!runKey || !selected) return;
    try {
      const pair = await this.client.request('comparePair', { runKey, key: selected });
      if (!pair) {
        this.compare = {
          state: 'error',
          message: l10n.t('This sample is alone in its group: there is nothing to compare it with.'),
        };
        return;
      }
      const other = sameSample(pair.left, selected) ? pair.right : pair.left;
      this.setUi({ compareWith: other });
      await this.loadSelection();
    } catch (e) {
      this.compare = { state: 'error', message: (e as Error).message };
    }
  }

  private setQuery(query: ViewerQuery): void {
    this.setUi({ query });
  }

  /** A chart or the behaviour panel asked for these samples: the table, filtered. */
  private filterTo(filter: string): void {
    this.setQuery({ ...this.ui.query, filter });
    this.setTab('samples');
  }

  private setTab(tab: ViewerTab): void {
    this.setUi({ tab });
    this.loadTab();
  }

  private onTabKey(e: KeyboardEvent): void {
    const i = TABS.findIndex((t) => t.id === this.ui.tab);
    const next = e.key === 'ArrowRight' ? i + 1 : e.key === 'ArrowLeft' ? i - 1 : undefined;
    if (next === undefined) return;
    const tab = TABS[(next + TABS.length) % TABS.length]!;
    this.setTab(tab.id);
    this.querySelector<HTMLElement>(`#tab-${tab.id}`)?.focus();
  }

  private renderLeft(): TemplateResult {
    const runKey = this.ui.runKey;
    if (!runKey) {
      return html`<div class="empty">
        <span class="codicon codicon-info"></span>
        ${
          this.runs.length === 0
            ? l10n.t(
                'No runs yet. Runs appear in the Rollout Studio side bar once their folder exists under the runs root (setting rolloutStudio.runsRoot).',
              )
            : l10n.t('Pick a run above.')
        }
      </div>`;
    }
    switch (this.ui.tab) {
      case 'samples':
        return html`<rs-sample-table
          .client=${this.client}
          .runKey=${runKey}
          .query=${this.ui.query}
          .selected=${this.ui.selected}
          .saved=${this.saved}
          @save-view=${() => this.api.postMessage({ type: 'saveView', runKey, query: this.ui.query } satisfies ViewerToHost)}
          @delete-view=${(e: CustomEvent<string>) => this.api.postMessage({ type: 'deleteView', runKey, name: e.detail } satisfies ViewerToHost)}
          @query-change=${(e: CustomEvent<ViewerQuery>) => this.setQuery(e.detail)}
          @export-rows=${() => this.api.postMessage({ type: 'exportRows', runKey, query: this.ui.query } satisfies ViewerToHost)}
          @select=${(e: Event) => {
            // Selecting text in the filter or search box fires the native, bubbling `select` event too.
            if (e instanceof CustomEvent && e.detail) this.select(e.detail as SampleKey);
          }}
        ></rs-sample-table>`;
      case 'overview':
        return html`<div class="overview-pane">
          <rs-step-timeline
            .data=${this.timeline}
            @filter-step=${(e: CustomEvent<number>) => this.filterTo(`step == ${e.detail}`)}
          ></rs-step-timeline>
          <rs-infra .client=${this.client} .runKey=${runKey}></rs-infra>
          <rs-behaviour
            .data=${this.behaviour}
            @filter-step=${(e: CustomEvent<number>) => this.filterTo(`step == ${e.detail}`)}
            @filter-expression=${(e: CustomEvent<string>) => this.filterTo(e.detail)}
          ></rs-behaviour>
          <rs-overview
            .overview=${this.overview}
            .overlays=${this.overlays}
            .choices=${this.runs.filter((r) => r.runKey !== runKey)}
            .overlaid=${this.ui.overlay?.runs ?? []}
            .smoothing=${this.ui.overlay?.smoothing ?? 0}
            @overlay-change=${(e: CustomEvent<{ runs: string[]; smoothing: number }>) => {
              this.setUi({ overlay: e.detail });
              void this.loadOverlays();
            }}
            @filter-step=${(e: CustomEvent<number>) => this.filterTo(`step == ${e.detail}`)}
          ></rs-overview>
        </div>`;
      case 'eval':
        return html`<rs-eval
          .summary=${this.evalSummary}
          @eval-step=${(e: CustomEvent<number>) => {
            this.evalStep = e.detail;
            this.loadTab();
          }}
          @select=${(e: CustomEvent<SampleKey>) => this.select(e.detail)}
        ></rs-eval>`;
    }
  }

  private renderRight(): TemplateResult {
    const runKey = this.ui.runKey;
    if (this.ui.compareWith) {
      if (this.compare.state === 'error')
        return html`<div class="empty error">
          <span class="codicon codicon-error"></span> ${this.compare.message}
        </div>`;
      const pair = this.compare.state === 'ok' ? this.compare.value : undefined;
      return html`<rs-compare
        .left=${pair?.[0]}
        .right=${pair?.[1]}
        @close-compare=${() => {
          this.setUi({ compareWith: null });
          this.compare = { state: 'idle' };
        }}
        @select=${(e: CustomEvent<SampleKey>) => this.select(e.detail)}
      ></rs-compare>`;
    }
    const d = this.detail;
    switch (d.state) {
      case 'idle':
        return html`<div class="empty">
          <span class="codicon codicon-list-selection"></span>
          ${l10n.t(
            "Select a sample to read its trajectory: turns, tool calls with SGLang's verdict, and where the reward came from.",
          )}
          <br /><br />${l10n.t('Arrow keys move through the table; j / k move through turns.')}
        </div>`;
      case 'loading':
        return html`<div class="empty">
          <span class="codicon codicon-loading codicon-modifier-spin"></span> ${l10n.t('Loading the sample…')}
        </div>`;
      case 'error':
        return html`<div class="empty error"><span class="codicon codicon-error"></span> ${d.message}</div>`;
      case 'ok':
        return html`${this.compare.state === 'error' ? html`<p class="note warn">${this.compare.message}</p>` : nothing}<rs-trajectory
            .detail=${d.value}
            ?raw=${this.ui.raw}
            .turnOptions=${this.ui.render ?? DEFAULT_RENDER}
            .replays=${this.replays}
            .replayVersion=${this.replays.version}
            .sglangChecks=${this.sglangChecks}
            .sglangCheckVersion=${this.sglangChecks.version}
            ?tokens=${this.ui.tokens ?? false}
            .client=${this.client}
            .runKey=${runKey}
            .pin=${this.saved ? (this.saved.pins.find((p) => sameSample(p.key, d.value.key)) ?? null) : undefined}
            @pin=${() => runKey && this.api.postMessage({ type: 'pinSample', runKey, key: d.value.key } satisfies ViewerToHost)}
            @unpin=${() => runKey && this.api.postMessage({ type: 'unpinSample', runKey, key: d.value.key } satisfies ViewerToHost)}
            @toggle-tokens=${() => this.setUi({ tokens: !this.ui.tokens })}
            @toggle-raw=${() => this.setUi({ raw: !this.ui.raw })}
            @render-change=${(e: CustomEvent<RenderOptions>) => this.setUi({ render: e.detail })}
            @compare=${() => void this.startCompare()}
            @open-record=${() => runKey && this.api.postMessage({ type: 'openRecord', runKey, key: d.value.key } satisfies ViewerToHost)}
            @export-markdown=${() => runKey && this.api.postMessage({ type: 'exportMarkdown', runKey, key: d.value.key } satisfies ViewerToHost)}
            @open-turn=${(e: CustomEvent<number>) =>
              runKey &&
              this.api.postMessage({
                type: 'openTurn',
                runKey,
                key: d.value.key,
                turn: e.detail,
              } satisfies ViewerToHost)}
            @open-sibling=${(e: CustomEvent<number>) => this.select({ ...d.value.key, index: e.detail })}
            @connect-box=${() => this.api.postMessage({ type: 'connectBox' } satisfies ViewerToHost)}
          ></rs-trajectory
          ><rs-same-task
            .data=${this.sameTask}
            @open-other=${(e: CustomEvent<{ runKey: string; key: SampleKey }>) => {
              const runChanged = e.detail.runKey !== this.ui.runKey;
              this.setUi({ runKey: e.detail.runKey, selected: e.detail.key, compareWith: null });
              void this.loadSelection();
              this.loadTab();
              if (runChanged) {
                this.saved = undefined;
                void this.loadSaved();
              }
            }}
          ></rs-same-task>`;
    }
  }

  protected override render(): TemplateResult {
    const run = this.runs.find((r) => r.runKey === this.ui.runKey);
    return html`
      <header class="viewer-bar">
        <label class="run-picker">
          <span class="codicon codicon-rocket" aria-hidden="true"></span>
          <select
            aria-label=${l10n.t('Run')}
            @change=${(e: Event) => {
              this.setUi({
                runKey: (e.target as HTMLSelectElement).value,
                selected: null,
                compareWith: null,
                query: { ...this.ui.query, filter: '', search: '' },
              });
              this.detail = { state: 'idle' };
              this.saved = undefined;
              void this.loadSaved();
              this.overview = undefined;
              this.timeline = undefined;
              this.behaviour = undefined;
              this.evalSummary = undefined;
              this.loadTab();
            }}
          >
            ${run ? nothing : html`<option value="" selected>${this.ui.runKey ? l10n.t('Run not loaded yet…') : l10n.t('Choose a run')}</option>`}
            ${this.runs.map((r) => html`<option value=${r.runKey} ?selected=${r.runKey === this.ui.runKey}>${l10n.t('{0} · {1} · {2} samples', r.name, r.state, r.samples.toLocaleString('en-US'))}</option>`)}
          </select>
        </label>
        ${run ? html`<span class="run-profile" title=${l10n.t('Tool calls in this run are read like this SGLang release; set rolloutStudio.toolCalls.sglangVersion to pin another')}><span class="codicon codicon-server-environment" aria-hidden="true"></span> ${run.toolCalls}</span>` : nothing}
        <div
          class="tabs"
          role="tablist"
          aria-label=${l10n.t('Views')}
          @keydown=${(e: KeyboardEvent) => this.onTabKey(e)}
        >
          ${TABS.map(
            (t) =>
              html`<button
                role="tab"
                id="tab-${t.id}"
                class="tab ${this.ui.tab === t.id ? 'active' : ''}"
                aria-selected=${this.ui.tab === t.id ? 'true' : 'false'}
                tabindex=${this.ui.tab === t.id ? '0' : '-1'}
                @click=${() => this.setTab(t.id)}
              >
                <span class="codicon ${t.icon}"></span> ${t.label()}
              </button>`,
          )}
        </div>
        ${run?.state === 'running' ? html`<span class="live"><span class="codicon codicon-pulse"></span> ${l10n.t('streaming')}</span>` : nothing}
      </header>
      <main class="viewer-main">
        <section class="pane left" role="tabpanel" aria-labelledby="tab-${this.ui.tab}">
          ${this.renderLeft()}
        </section>
        <section class="pane right" aria-label=${l10n.t('Trajectory')}>${this.renderRight()}</section>
      </main>
    `;
  }
}

/** Higher reward on the left, as the comparison's header promises. */
function orderPair(a: SampleDetail, b: SampleDetail): [SampleDetail, SampleDetail] {
  const r = (d: SampleDetail) =>
    d.sample.reward.shaped ?? d.sample.reward.raw ?? d.sample.reward.value ?? -Infinity;
  return r(a) >= r(b) ? [a, b] : [b, a];
}
