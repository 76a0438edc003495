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
        <span class="codicon codicon-loading codicon-modifier-spin"></span> Summarising…
      </div>`;
    if (s.step === null) return html`<div class="empty">No rewarded samples yet.</div>`;
    const ks = [...new Set(s.domains.flatMap((d) => Object.keys(d.passAtK)))].sort(
      (a, b) => Number(a) - Number(b),
    );
    return html`
      <div class="eval-head">
        <label>
          ${s.source === 'eval' ? 'Eval step' : 'Training step'}
          <select
            aria-label="Step"
            @change=${(e: Event) => this.emit('eval-step', Number((e.target as HTMLSelectElement).value))}
          >
            ${s.steps.map((st) => html`<option value=${st} ?selected=${st === s.step}>${st}</option>`)}
          </select>
        </label>
        ${
          s.source === 'train'
            ? html`<span class="note"
                >No eval rollouts in this run: each GRPO group's samples count as attempts at its task.</span
              >`
            : nothing
        }
      </div>
      <table class="eval-table">
        <thead>
          <tr>
            <th>domain</th>
            <th>tasks</th>
            <th>attempts</th>
            <th>avg reward</th>
            ${ks.map((k) => html`<th title="Chance that all of ${k} attempts succeed">pass^${k}</th>`)}
            ${ks.map((k) => html`<th title="Chance that at least one of ${k} attempts succeeds (unbiased)">pass@${k}</th>`)}
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
                    <span class="task-name">task ${plain(t.task)}</span>
                    ${t.attempts.map(
                      (a) =>
                        html`<button
                          class="reward-pill ${a.reward === null ? '' : a.reward >= 1 ? 'good' : a.reward <= 0 ? 'bad' : 'mid'}"
                          title="Open attempt ${a.key.index} (reward ${fmt(a.reward, 3)})"
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
