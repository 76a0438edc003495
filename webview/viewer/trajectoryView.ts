import * as l10n from '@vscode/l10n';
import { LitElement, html, nothing } from 'lit';
import type { PropertyValues, TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { keyed } from 'lit/directives/keyed.js';
import type { CreditEntry } from '../../src/core/trajectory/creditMap';
import type { Turn } from '../../src/core/trajectory/turn';
import type { RenderOptions, ReplayState, SampleDetail, SglangCheckState } from '../../src/shared/protocol';
import { DEFAULT_RENDER, sampleKeyString } from '../../src/shared/protocol';
import type { TurnJobs } from './turnJobs';
import { plain } from './richText';
import { expectedActions } from './expectedActions';
import { rewardHeader } from './rewardHeader';
import './traceGantt';
import type { ViewerClient } from './rpc';
import './tokenView';
import { ROLE_ICON, roleLabel, tokenRate, turnView } from './turnView';
import type { TurnActions } from './turnView';

/** The outline's one-line summary of a turn: who, and what they did. */
function outlineText(t: Turn): string {
  if (t.role === 'assistant') {
    const calls = t.toolCalls.map((c) => c.name);
    if (calls.length > 0) return calls.join(', ');
    const dropped = t.analysis?.diagnostics.some((d) => d.severity === 'error');
    return dropped
      ? l10n.t('call dropped')
      : (t.analysis?.verdict.content ?? t.text).trim().slice(0, 60) || l10n.t('(empty)');
  }
  if (t.role === 'system') return l10n.t('system prompt');
  return t.text.trim().slice(0, 60) || l10n.t('(empty)');
}

/**
 * Turns in the first paint, and turns added per task after it: a 300-turn trajectory shows its first
 * screen at once, and the rest arrives over the next frames without holding input for long.
 */
const FIRST_TURNS = 30;
const MORE_TURNS = 60;

/** Qwen's chat template, which is what the policy saw: the raw view shows the turns in it. */
const chatTemplate = (t: Turn) => `<|im_start|>${t.role === 'tool' ? 'user' : t.role}\n`;

export type TrajectoryEvents = {
  'open-turn': number;
  'open-record': undefined;
  'export-markdown': undefined;
  compare: undefined;
  'toggle-raw': undefined;
  'open-sibling': number;
  'render-change': RenderOptions;
  'toggle-tokens': undefined;
  'connect-box': undefined;
  /** Pin the sample, or edit the note of a pinned one. */
  pin: undefined;
  unpin: undefined;
};

// Functions, read when the toolbar renders: after the webview's l10n bundle is loaded.
const TOGGLES: { id: keyof RenderOptions; label: () => string; icon: string; title: () => string }[] = [
  {
    id: 'think',
    label: () => l10n.t('Think'),
    icon: 'codicon-lightbulb',
    title: () => l10n.t('Open every reasoning (<think>) block'),
  },
  {
    id: 'markdown',
    label: () => l10n.t('Markdown'),
    icon: 'codicon-markdown',
    title: () => l10n.t('Read message text as Markdown (shown as text: nothing in it runs or links out)'),
  },
  {
    id: 'code',
    label: () => l10n.t('Code'),
    icon: 'codicon-symbol-namespace',
    title: () => l10n.t('Pretty-print JSON in messages and tool results'),
  },
];

/**
 * One trajectory: the reward breakdown, a turn outline with go-to-turn, and the conversation turn by
 * turn (or, in raw view, as the chat-template text the model saw, diagnostics still highlighted).
 */
@customElement('rs-trajectory')
export class TrajectoryView extends LitElement {
  @property({ attribute: false }) detail: SampleDetail | undefined;
  @property({ type: Boolean }) raw = false;
  @property({ attribute: false }) turnOptions: RenderOptions = DEFAULT_RENDER;
  /** Replays on policy servers; absent where the view cannot reach a host (component tests). */
  @property({ attribute: false }) replays: TurnJobs<ReplayState> | undefined;
  /** Checks with the box's SGLang; absent where the view cannot reach a host. */
  @property({ attribute: false }) sglangChecks: TurnJobs<SglangCheckState> | undefined;
  /** The store's version, so a replay moving on renders the turns again. */
  @property({ type: Number }) replayVersion = 0;
  @property({ type: Number }) sglangCheckVersion = 0;
  /** Token view instead of the turns; it asks the host for the train dump through the client. */
  @property({ type: Boolean }) tokens = false;
  @property({ attribute: false }) client: ViewerClient | undefined;
  @property({ attribute: false }) runKey: string | undefined;
  /** The sample's pin: its note when pinned, null when not; undefined hides pinning (no host to keep it). */
  @property({ attribute: false }) pin: { note: string } | null | undefined;
  @state() private rendered = FIRST_TURNS;
  private focused: number | null = null;
  private growing = false;

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  private emit<K extends keyof TrajectoryEvents>(name: K, detail?: TrajectoryEvents[K]): void {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }

  goToTurn(turn: number): void {
    this.focused = turn;
    if (turn >= this.rendered) {
      this.rendered = this.detail?.sample.turns.length ?? 0;
      void this.updateComplete.then(() => this.focused === turn && this.goToTurn(turn));
      return;
    }
    const el = this.querySelector<HTMLElement>(`#turn-${turn}`);
    el?.scrollIntoView({ block: 'start', behavior: 'auto' });
    el?.focus({ preventScroll: true });
    for (const o of this.querySelectorAll('.outline-item'))
      o.classList.toggle('current', o.getAttribute('data-turn') === String(turn));
  }

  /** Goes to the next (or previous) turn with a tool-call diagnostic; false when there is none that way. */
  goToDiagnosticTurn(direction: 1 | -1): boolean {
    const turns = this.detail?.sample.turns ?? [];
    const from = this.focused ?? (direction > 0 ? -1 : turns.length);
    for (let i = from + direction; i >= 0 && i < turns.length; i += direction)
      if (turns[i]?.analysis?.diagnostics.length) {
        this.goToTurn(i);
        return true;
      }
    return false;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('detail')) {
      this.focused = null;
      this.rendered = FIRST_TURNS;
    }
  }

  protected override updated(): void {
    const total = this.detail?.sample.turns.length ?? 0;
    if (this.rendered >= total || this.growing) return;
    this.growing = true;
    // After this frame is painted: a task queued from the next animation frame runs after it.
    requestAnimationFrame(() =>
      setTimeout(() => {
        this.growing = false;
        this.rendered += MORE_TURNS;
      }),
    );
  }

  private onKey(e: KeyboardEvent): void {
    const turns = this.detail?.sample.turns.length ?? 0;
    if ((e.target as HTMLElement).closest('input, textarea') || e.altKey || e.ctrlKey || e.metaKey) return;
    // r on a focused assistant turn replays it, like its Replay button.
    if (
      e.key === 'r' &&
      this.focused !== null &&
      this.detail?.sample.turns[this.focused]?.role === 'assistant'
    ) {
      this.replayActions(this.focused)?.replay();
      e.preventDefault();
      return;
    }
    if (turns === 0 || (e.key !== 'j' && e.key !== 'k')) return;
    const next = Math.max(0, Math.min(turns - 1, (this.focused ?? -1) + (e.key === 'j' ? 1 : -1)));
    this.goToTurn(next);
    e.preventDefault();
  }

  private replayActions(
    turn: number,
    states = this.detail && this.replays?.forSample(this.detail.runKey, this.detail.key),
  ): TurnActions['replay'] {
    const d = this.detail;
    const store = this.replays;
    if (!d || !store) return undefined;
    return {
      state: states?.get(turn),
      replay: () => store.start(d.runKey, d.key, turn),
      cancel: () => store.cancel(d.runKey, d.key, turn),
    };
  }

  private sglangCheckActions(
    turn: number,
    states: ReadonlyMap<number, SglangCheckState> | undefined,
  ): TurnActions['sglangCheck'] {
    const d = this.detail;
    const store = this.sglangChecks;
    if (!d || !store) return undefined;
    return {
      state: states?.get(turn),
      check: () => store.start(d.runKey, d.key, turn),
      connect: () => this.emit('connect-box'),
    };
  }

  protected override render(): TemplateResult {
    const d = this.detail;
    if (!d) return html`${nothing}`;
    const { sample } = d;
    const turns = sample.turns.slice(0, this.rendered);
    const turnRender = {
      options: this.turnOptions,
      charsPerToken: tokenRate(sample.turns, sample.lengths.responseTokens),
      calibrated: sample.lengths.responseTokens !== undefined,
    };
    // One look-up per paint, not per turn: a long trajectory has hundreds of assistant turns.
    const replayStates = this.replays?.forSample(d.runKey, d.key);
    const checkStates = this.sglangChecks?.forSample(d.runKey, d.key);
    const byTurn = new Map<number, CreditEntry[]>();
    for (const c of d.credit)
      if (c.turn !== undefined) byTurn.set(c.turn, [...(byTurn.get(c.turn) ?? []), c]);
    return html`<div class="trajectory" @keydown=${(e: KeyboardEvent) => this.onKey(e)}>
      <header class="trajectory-head">
        <h2>
          <span class="sample-title">${sampleKeyString(d.key)}</span>
          ${sample.domain || sample.taskId ? html`<span class="task">${plain(`${sample.domain ?? ''} ${sample.taskId ? l10n.t('task {0}', sample.taskId) : ''}`)}</span>` : nothing}
        </h2>
        <div class="actions" role="toolbar" aria-label=${l10n.t('Sample actions')}>
          ${
            this.pin === undefined
              ? nothing
              : html`<button
                  class="action pin"
                  aria-pressed=${this.pin ? 'true' : 'false'}
                  @click=${() => this.emit(this.pin ? 'unpin' : 'pin')}
                  title=${this.pin ? l10n.t('Unpin this sample (its note goes with it)') : l10n.t("Pin this sample with a note; the table's Pinned view lists the run's pins")}
                >
                  <span class="codicon ${this.pin ? 'codicon-pinned' : 'codicon-pin'}"></span>
                  ${this.pin ? l10n.t('Unpin') : l10n.t('Pin')}
                </button>`
          }
          <button
            class="action"
            @click=${() => this.emit('compare')}
            title=${l10n.t('Compare with the best or worst sample of the same group')}
          >
            <span class="codicon codicon-split-horizontal"></span> ${l10n.t('Compare in group')}
          </button>
          ${TOGGLES.map(
            (t) =>
              html`<button
                class="action toggle"
                aria-pressed=${this.turnOptions[t.id] ? 'true' : 'false'}
                ?disabled=${this.raw}
                title=${t.title()}
                @click=${() => this.emit('render-change', { ...this.turnOptions, [t.id]: !this.turnOptions[t.id] })}
              >
                <span class="codicon ${t.icon}"></span> ${t.label()}
              </button>`,
          )}
          <button
            class="action"
            aria-pressed=${this.tokens ? 'true' : 'false'}
            ?hidden=${!this.client}
            @click=${() => this.emit('toggle-tokens')}
            title=${l10n.t("Colour each response token by advantage × loss mask, from the step's --save-debug-train-data dump")}
          >
            <span class="codicon codicon-symbol-key"></span> ${l10n.t('Tokens')}
          </button>
          <button
            class="action"
            aria-pressed=${this.raw ? 'true' : 'false'}
            ?disabled=${this.tokens}
            @click=${() => this.emit('toggle-raw')}
            title=${l10n.t('Show the turns as the chat-template text the model saw')}
          >
            <span class="codicon codicon-code"></span> ${this.raw ? l10n.t('Turns') : l10n.t('Raw')}
          </button>
          <button
            class="action"
            @click=${() => this.emit('open-record')}
            title=${l10n.t('Open the record JSON in an editor')}
          >
            <span class="codicon codicon-json"></span> ${l10n.t('Record')}
          </button>
          <button
            class="action"
            @click=${() => this.emit('export-markdown')}
            title=${l10n.t("Save the trajectory as Markdown for a bug report: every turn verbatim, SGLang's verdict and the diagnostics")}
          >
            <span class="codicon codicon-markdown"></span> ${l10n.t('Export')}
          </button>
        </div>
      </header>
      ${
        this.pin
          ? html`<div class="pin-note" role="note" aria-label=${l10n.t('Pinned note')}>
              <span class="codicon codicon-pinned" aria-hidden="true"></span>
              <span class="pin-text"
                >${this.pin.note === '' ? html`<em>${l10n.t('Pinned, no note.')}</em>` : plain(this.pin.note)}</span
              >
              <button class="action" @click=${() => this.emit('pin')} title=${l10n.t('Edit the note')}>
                <span class="codicon codicon-edit"></span> ${l10n.t('Edit note')}
              </button>
            </div>`
          : nothing
      }
      <div class="trajectory-summary">
        ${rewardHeader(
          d,
          (t) => this.goToTurn(t),
          (i) => this.emit('open-sibling', i),
        )}
        ${expectedActions(d, (t) => this.goToTurn(t))}
        <rs-trace-gantt .trace=${d.trace}></rs-trace-gantt>
      </div>
      ${
        this.tokens
          ? html`<rs-tokens .client=${this.client} .runKey=${this.runKey} .key=${d.key}></rs-tokens>`
          : this.renderBody(d, turns, turnRender, byTurn, replayStates, checkStates)
      }
    </div>`;
  }

  private renderBody(
    d: SampleDetail,
    turns: Turn[],
    turnRender: Parameters<typeof turnView>[5],
    byTurn: Map<number, CreditEntry[]>,
    replayStates: ReadonlyMap<number, ReplayState> | undefined,
    checkStates: ReadonlyMap<number, SglangCheckState> | undefined,
  ): TemplateResult {
    return html`<div class="trajectory-body">
      <nav class="outline" aria-label=${l10n.t('Turn outline')}>
        <ol>
          ${turns.map((t, i) => {
            const errors = t.analysis?.diagnostics.some((x) => x.severity === 'error') || t.isError;
            const credits =
              byTurn.get(i)?.filter((c) => c.kind === 'action' || c.kind === 'communicate') ?? [];
            return html`<li>
              <button
                class="outline-item role-${t.role} ${errors ? 'bad' : ''}"
                data-turn=${i}
                @click=${() => this.goToTurn(i)}
                title=${l10n.t('{0}: {1}', roleLabel(t), outlineText(t))}
              >
                <span class="outline-index">${i}</span>
                <span class="codicon ${ROLE_ICON[t.role]} outline-role" aria-label=${t.role}></span>
                <span class="outline-text">${plain(outlineText(t))}</span>
                ${credits.map((c) => html`<span class="codicon ${c.met ? 'codicon-pass met' : 'codicon-circle-slash unmet'}" aria-label=${c.met ? l10n.t('check met') : l10n.t('check not met')}></span>`)}
                ${errors ? html`<span class="codicon codicon-error" aria-label=${l10n.t('error')}></span>` : nothing}
              </button>
            </li>`;
          })}
        </ol>
      </nav>
      ${keyed(
        // A new sample gets a new scroller, which starts at the top; scrolling the old one back
        // instead would force a layout of every turn before the first paint.
        sampleKeyString(d.key),
        html`<div class="turns" tabindex="0" aria-label=${l10n.t('Conversation')}>
          ${
            this.raw
              ? turns.map(
                  (t, i) =>
                    html`<article
                      class="turn raw role-${t.role}"
                      id="turn-${i}"
                      tabindex="-1"
                      aria-label=${l10n.t('Turn {0} raw', i)}
                    >
                      <div class="raw-marker">${chatTemplate(t)}</div>
                      <rs-text .text=${t.text} .marks=${t.analysis?.diagnostics ?? []}></rs-text>
                      <div class="raw-marker">&lt;|im_end|&gt;</div>
                    </article>`,
                )
              : turns.map((t, i) =>
                  turnView(
                    t,
                    i,
                    byTurn.get(i) ?? [],
                    {
                      openInEditor: (n) => this.emit('open-turn', n),
                      ...(t.role === 'assistant'
                        ? {
                            replay: this.replayActions(i, replayStates),
                            sglangCheck: this.sglangCheckActions(i, checkStates),
                          }
                        : {}),
                    },
                    false,
                    turnRender,
                  ),
                )
          }
        </div>`,
      )}
    </div>`;
  }
}
