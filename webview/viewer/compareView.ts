import * as l10n from '@vscode/l10n';
import { LitElement, html, nothing } from 'lit';
import type { PropertyValues, TemplateResult } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { SampleDetail } from '../../src/shared/protocol';
import { sampleKeyString } from '../../src/shared/protocol';
import { alignTurns } from './alignTurns';
import { fmt, signed } from './format';
import { turnView } from './turnView';

/**
 * Two samples side by side, turn by turn on shared rows. The prompt they share lines up; the first row
 * that differs is marked and scrolled to, which is usually the decision that split their rewards.
 */
@customElement('rs-compare')
export class CompareView extends LitElement {
  @property({ attribute: false }) left: SampleDetail | undefined;
  @property({ attribute: false }) right: SampleDetail | undefined;

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('left') || changed.has('right'))
      this.querySelector('.divergence')?.scrollIntoView({ block: 'center' });
  }

  private side(d: SampleDetail): TemplateResult {
    const r = d.sample.reward;
    return html`<div class="compare-side-head">
      <button
        class="link"
        @click=${() => this.dispatchEvent(new CustomEvent('select', { detail: d.key, bubbles: true }))}
      >
        ${sampleKeyString(d.key)}
      </button>
      <span class="reward ${r.raw === 1 ? 'good' : r.raw === 0 ? 'bad' : ''}"
        >${l10n.t('reward {0}', fmt(r.raw ?? r.value, 3))}</span
      >
      ${r.shaped !== undefined && r.shaped !== null ? html`<span>${l10n.t('shaped {0}', fmt(r.shaped, 3))}</span>` : nothing}
      <span>${l10n.t('adv {0}', signed(d.advantage))}</span>
      <span>${l10n.t('{0} turns', d.sample.turns.length)}</span>
    </div>`;
  }

  protected override render(): TemplateResult {
    const { left, right } = this;
    if (!left || !right)
      return html`<div class="empty">
        <span class="codicon codicon-loading codicon-modifier-spin"></span> ${l10n.t('Loading both samples…')}
      </div>`;
    const { rows, firstDivergence } = alignTurns(left.sample.turns, right.sample.turns);
    return html`<div class="compare">
      <header class="compare-head">
        <h2>${l10n.t('Compare')}</h2>
        <p class="note">
          ${
            firstDivergence === null
              ? l10n.t('The two samples are identical turn by turn.')
              : html`${l10n.t('They share turns 0–{0} and first differ at', firstDivergence - 1)}
                  <button
                    class="link"
                    @click=${() => this.querySelector('.divergence')?.scrollIntoView({ block: 'center' })}
                  >
                    ${l10n.t('turn {0}', firstDivergence)}</button
                  >.`
          }
        </p>
        <button
          class="action"
          @click=${() => this.dispatchEvent(new CustomEvent('close-compare', { bubbles: true }))}
        >
          <span class="codicon codicon-close"></span> ${l10n.t('Close compare')}
        </button>
      </header>
      <div class="compare-grid" role="table" aria-label=${l10n.t('Turns of both samples, aligned')}>
        <div class="compare-row head" role="row">${this.side(left)}${this.side(right)}</div>
        ${rows.map(
          (row) =>
            html`<div
              class="compare-row ${row.same ? 'same' : 'differs'} ${row.index === firstDivergence ? 'divergence' : ''}"
              role="row"
            >
              ${row.index === firstDivergence ? html`<div class="divergence-label">${l10n.t('First divergence · turn {0}', row.index)}</div>` : nothing}
              <div role="cell">
                ${row.left ? turnView(row.left, row.index, [], {}) : html`<div class="ended">${l10n.t('— ended —')}</div>`}
              </div>
              <div role="cell">
                ${row.right ? turnView(row.right, row.index, [], {}) : html`<div class="ended">${l10n.t('— ended —')}</div>`}
              </div>
            </div>`,
        )}
      </div>
    </div>`;
  }
}
