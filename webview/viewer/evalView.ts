import * as l10n from '@vscode/l10n';
import { LitElement, html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { EvalSummary } from '../../src/shared/protocol';
import { fmt, pct } from './format';
import { plain } from './richText';

/**
 * pass@k and pass^k per domain side by side, and every task's attempts as pills coloured by reward:
 * one click opens that attempt's trajectory.
 */
@customElement('rs-eval')
export class EvalView extends LitElement {
  @property({ attribute: false }) summary: EvalSummary | undefined;

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  private emit(name: string, detail: unknown): void {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true }));
  }

  protected override render(): TemplateResult {
    const s = this.summary;
    if (!s)
      return html`<div class="empty">
        <span class="codicon codicon-loading codicon-modifier-spin"></span> ${l10n.t('Summarising…')}
      </div>`;
    if (s.step === null) return html`<div class="empty">${l10n.t('No rewarded samples yet.')}</div>`;
    const ks = [...new Set(s.domains.flatMap((d) => Object.keys(d.passAtK)))].sort(
      (a, b) => Number(a) - Number(b),
    );
    return html`
      <div class="eval-head">
        <label>
          ${s.source === 'eval' ? l10n.t('Eval step') : l10n.t('Training step')}
          <select
            aria-label=${l10n.t('Step')}
            @change=${(e: Event) => this.emit('eval-step', Number((e.target as HTMLSelectElement).value))}
          >
            ${s.steps.map((st) => html`<option value=${st} ?selected=${st === s.step}>${st}</option>`)}
          </select>
        </label>
        ${
          s.source === 'train'
            ? html`<span class="note"
                >${l10n.t("No eval rollouts in this run: each GRPO group's samples count as attempts at its task.")}</span
              >`
            : nothing
        }
      </div>
      <table class="eval-table">
        <thead>
          <tr>
            <th>${l10n.t('domain')}</th>
            <th>${l10n.t('tasks')}</th>
            <th>${l10n.t('attempts')}</th>
            <th>${l10n.t('avg reward')}</th>
            ${ks.map((k) => html`<th title=${l10n.t('Chance that all of {0} attempts succeed', k)}>pass^${k}</th>`)}
            ${ks.map((k) => html`<th title=${l10n.t('Chance that at least one of {0} attempts succeeds (unbiased)', k)}>pass@${k}</th>`)}
          </tr>
        </thead>
        <tbody>
          ${s.domains.map(
            (d) =>
              html`<tr>
                <td>${plain(d.domain)}</td>
                <td>${d.tasks}</td>
                <td>${d.attempts}</td>
                <td>${fmt(d.avgReward, 3)}</td>
                ${ks.map((k) => html`<td>${pct(d.passHatK[k])}</td>`)}
                ${ks.map((k) => html`<td>${pct(d.passAtK[k])}</td>`)}
              </tr>`,
          )}
        </tbody>
      </table>
      ${s.domains.map(
        (d) =>
          html`<h3>${plain(d.domain)}</h3>
            <ul class="task-attempts">
              ${d.taskAttempts.map(
                (t) =>
                  html`<li>
                    <span class="task-name">${l10n.t('task')} ${plain(t.task)}</span>
                    ${t.attempts.map(
                      (a) =>
                        html`<button
                          class="reward-pill ${a.reward === null ? '' : a.reward >= 1 ? 'good' : a.reward <= 0 ? 'bad' : 'mid'}"
                          title=${l10n.t('Open attempt {0} (reward {1})', a.key.index, fmt(a.reward, 3))}
                          @click=${() => this.emit('select', a.key)}
                        >
                          ${fmt(a.reward)}
                        </button>`,
                    )}
                  </li>`,
              )}
            </ul>`,
      )}
    `;
  }
}
