import * as l10n from '@vscode/l10n';
import { LitElement, html, nothing } from 'lit';
import type { PropertyValues, TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { ADVANTAGE_LEVELS, LOGPROB_LEVELS, advantageClass, logProbClass } from '../../src/shared/tokenColour';
import type { TrainTokenSample } from '../../src/core/tokens/trainTokens';
import type { SampleKey, TokenView } from '../../src/shared/protocol';
import { sameSample } from '../../src/shared/protocol';
import type { ViewerClient } from './rpc';
import { TokenLines } from './tokenLines';

type Mode = 'advantage' | 'logprob';

const fmt = (v: number | null | undefined, digits = 3) =>
  v === null || v === undefined ? '—' : v.toFixed(digits);

/** Control characters shown as what they are, so a newline or tab token is visible and hoverable. */
const visible = (piece: string) => piece.replace(/\n/g, '↵\n').replace(/\t/g, '→\t');

function tooltip(s: TrainTokenSample, i: number): string {
  const piece = s.pieces?.[i];
  const mask = s.lossMask ? s.lossMask[i] : undefined;
  const lines = [
    l10n.t('token {0} · id {1}', i, s.ids[i] ?? ''),
    piece === undefined ? l10n.t('text: (no tokenizer)') : l10n.t('text: {0}', JSON.stringify(piece)),
    l10n.t('advantage: {0}', fmt(s.advantages?.[i])),
    mask === undefined
      ? l10n.t('loss mask: unknown')
      : mask === 1
        ? l10n.t('loss mask: 1 (trained)')
        : l10n.t('loss mask: 0 (masked out)'),
  ];
  if (s.logProbs) lines.push(l10n.t('log-prob: {0}', fmt(s.logProbs[i])));
  if (s.refLogProbs) lines.push(l10n.t('ref log-prob: {0}', fmt(s.refLogProbs[i])));
  if (s.rolloutLogProbs) lines.push(l10n.t('rollout log-prob: {0}', fmt(s.rolloutLogProbs[i])));
  return lines.join('\n');
}

/** A token as the view shows it: its text with control characters visible, or its id without a tokenizer. */
const shown = (s: TrainTokenSample, i: number) => {
  const piece = s.pieces?.[i];
  return piece === undefined ? `⟨${s.ids[i]}⟩` : visible(piece) || '∅';
};

/**
 * Builds the spans of tokens [from, to) outside lit: one element with a class and a text node per token,
 * no template, component or tooltip string per token (tooltips are written on hover). Text goes in as
 * textContent only.
 */
export function tokenSpans(
  s: TrainTokenSample,
  mode: Mode,
  maxAbs: number,
  from = 0,
  to = s.ids.length,
): DocumentFragment {
  const fragment = document.createDocumentFragment();
  for (let i = from; i < to; i++) {
    const mask = s.lossMask ? (s.lossMask[i] ?? 1) : 1;
    const span = document.createElement('span');
    span.className = `tok ${mode === 'advantage' ? advantageClass(s.advantages?.[i], mask, maxAbs) : logProbClass(s.logProbs?.[i], mask)}`;
    span.textContent = shown(s, i);
    fragment.append(span);
  }
  return fragment;
}

/**
 * The response token by token, from the step's --save-debug-train-data dump: coloured by advantage ×
 * loss mask (green: this step pushes the token's probability up, red: down, grey: masked out, no
 * gradient), or by the policy's log-prob.
 */
@customElement('rs-tokens')
export class TokenViewElement extends LitElement {
  @property({ attribute: false }) client: ViewerClient | undefined;
  @property({ attribute: false }) runKey: string | undefined;
  @property({ attribute: false }) key: SampleKey | undefined;
  @state() private view: TokenView | undefined;
  @state() private mode: Mode = 'advantage';
  private loadedFor: SampleKey | undefined;
  private painted: { view: TokenView; mode: Mode } | undefined;
  /** The virtualized lines, bound to the text box lit rendered (a new box gets new lines). */
  private lines: { box: HTMLElement; view: TokenLines } | undefined;

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if ((changed.has('key') || changed.has('runKey')) && !sameSample(this.key, this.loadedFor))
      void this.load();
  }

  private async load(): Promise<void> {
    const { client, runKey, key } = this;
    if (!client || !runKey || !key) return;
    this.loadedFor = key;
    this.view = undefined;
    try {
      const view = await client.request('tokens', { runKey, key });
      if (sameSample(this.key, key)) this.view = view;
    } catch (e) {
      if (sameSample(this.key, key)) this.view = { ok: false, reason: (e as Error).message };
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.lines?.view.dispose();
    this.lines = undefined;
    this.painted = undefined;
  }

  protected override updated(): void {
    const v = this.view;
    const box = this.querySelector<HTMLElement>('.token-text');
    if (this.lines && this.lines.box !== box) {
      this.lines.view.dispose();
      this.lines = undefined;
    }
    if (!v?.ok || !box) return;
    if (this.lines && this.painted?.view === v && this.painted.mode === this.mode) return;
    this.lines ??= { box, view: new TokenLines(box) };
    this.painted = { view: v, mode: this.mode };
    const { mode } = this;
    this.lines.view.show(
      v.sample,
      (i) => shown(v.sample, i),
      (from, to) => tokenSpans(v.sample, mode, v.maxAbs, from, to),
    );
  }

  /** The hovered token's values as its tooltip, written when first hovered. */
  private hover(e: MouseEvent): void {
    const v = this.view;
    const span = e.target as HTMLElement;
    if (!v?.ok || !span.classList.contains('tok') || span.title) return;
    const i = this.lines?.view.indexOf(span) ?? -1;
    if (i >= 0) span.title = tooltip(v.sample, i);
  }

  private legend(v: Extract<TokenView, { ok: true }>): TemplateResult {
    const swatch = (cls: string, label: string) =>
      html`<span class="legend-item"><span class="tok-swatch tok ${cls}"></span>${label}</span>`;
    if (this.mode === 'logprob')
      return html`<div class="token-legend" aria-label=${l10n.t('Colour legend')}>
        ${swatch('lp-0', l10n.t('likely (p ≈ 1)'))}
        ${swatch(`lp-${LOGPROB_LEVELS}`, l10n.t('unlikely (log-prob ≤ −3)'))}
        ${swatch('masked', l10n.t('masked out'))}
      </div>`;
    return html`<div class="token-legend" aria-label=${l10n.t('Colour legend')}>
      ${swatch(`adv-p${ADVANTAGE_LEVELS}`, l10n.t('reinforced (advantage up to +{0})', fmt(v.maxAbs)))}
      ${swatch('adv-0', l10n.t('no push'))}
      ${swatch(`adv-n${ADVANTAGE_LEVELS}`, l10n.t('suppressed (down to −{0})', fmt(v.maxAbs)))}
      ${swatch('masked', l10n.t('masked out (loss mask 0: tool, user, template tokens)'))}
    </div>`;
  }

  protected override render(): TemplateResult {
    const v = this.view;
    if (!v)
      return html`<div class="empty">
        <span class="codicon codicon-loading codicon-modifier-spin"></span>
        ${l10n.t("Reading the step's train dump…")}
      </div>`;
    if (!v.ok)
      return html`<div class="empty token-missing">
        <span class="codicon codicon-info"></span> ${v.reason}
      </div>`;
    const s = v.sample;
    const trained = s.lossMask ? s.lossMask.filter((m) => m === 1).length : s.ids.length;
    return html`<div class="token-view">
      <div class="token-head">
        <span
          >${l10n.t(
            '{0} response tokens · {1} trained · reward {2} · joined by {3}',
            s.ids.length.toLocaleString('en-US'),
            trained.toLocaleString('en-US'),
            fmt(s.reward),
            v.joinedBy,
          )}</span
        >
        <div class="actions" role="group" aria-label=${l10n.t('Token colour')}>
          <button
            class="action toggle"
            aria-pressed=${this.mode === 'advantage' ? 'true' : 'false'}
            title=${l10n.t('Colour by advantage × loss mask: what this step reinforces or suppresses')}
            @click=${() => (this.mode = 'advantage')}
          >
            ${l10n.t('Advantage')}
          </button>
          <button
            class="action toggle"
            aria-pressed=${this.mode === 'logprob' ? 'true' : 'false'}
            ?disabled=${!s.logProbs}
            title=${s.logProbs ? l10n.t("Shade by the policy's log-prob of each token") : l10n.t('The dump has no log-probs')}
            @click=${() => (this.mode = 'logprob')}
          >
            ${l10n.t('Log-prob')}
          </button>
        </div>
      </div>
      ${this.legend(v)} ${v.tokenizer.note ? html`<p class="note warn">${v.tokenizer.note}</p>` : nothing}
      ${
        v.problems.length > 0
          ? html`<details class="note warn">
              <summary>${l10n.t('{0} problems in the dump', v.problems.length)}</summary>
              <ul>
                ${v.problems.slice(0, 50).map((p) => html`<li>${p}</li>`)}
              </ul>
            </details>`
          : nothing
      }
      <div
        class="token-text"
        role="document"
        aria-label=${l10n.t('Response tokens; hover a token for its values')}
        @mouseover=${(e: MouseEvent) => this.hover(e)}
      ></div>
      <p class="note token-source">
        ${l10n.t('From {0}', v.sources.join(', '))}${v.tokenizer.source ? html` · ${l10n.t('text by {0}', v.tokenizer.source)}` : nothing}
      </p>
    </div>`;
  }
}
