import { LitElement, html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { SameTaskRuns } from '../../src/shared/protocol';
import { fmt } from './format';
import { plain } from './richText';

/**
 * The selected sample's task in the other runs the extension knows: each run's samples of that task and
 * their mean reward, and one click to open one of them (the viewer switches to that run).
 */
@customElement('rs-same-task')
export class SameTaskView extends LitElement {
  @property({ attribute: false }) data: SameTaskRuns | undefined;

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  protected override render(): TemplateResult | typeof nothing {
    const d = this.data;
    if (!d || d.by === null) return nothing;
    const what =
      d.by.kind === 'task'
        ? html`task ${plain(d.by.task)}${d.by.domain ? html` (${plain(d.by.domain)})` : nothing}`
        : html`this prompt
            <span class="note">(no task id; matched by prompt hash ${d.by.hash.slice(0, 8)})</span>`;
    const icon = html`<span class="codicon codicon-references" aria-hidden="true"></span>`;
    // Nothing to list takes one line, so the conversation above keeps the height.
    if (d.runs.length === 0)
      return html`<div class="same-task none">
        ${icon} Same task in other runs · ${what}:
        <span class="note">none the extension knows</span>
      </div>`;
    return html`<details class="same-task" open>
      <summary>${icon} Same task in other runs · ${what}</summary>
      <ul>
        ${d.runs.map(
          (r) =>
            html`<li>
              <span class="run-name" title=${r.runKey}>${plain(r.name)}</span>
              <span class="note"
                >${r.samples} sample${r.samples === 1 ? '' : 's'} · mean reward ${fmt(r.rewardMean, 3)}</span
              >
              ${r.shown.map(
                (s) =>
                  html`<button
                    class="reward-pill ${s.reward === null ? '' : s.reward >= 1 ? 'good' : s.reward <= 0 ? 'bad' : 'mid'}"
                    title="Open ${s.key.evaluation ? 'eval' : 'step'} ${s.key.step}, group ${s.key.group}, #${s.key.index} of ${r.name}"
                    @click=${() =>
                      this.dispatchEvent(
                        new CustomEvent('open-other', {
                          detail: { runKey: r.runKey, key: s.key },
                          bubbles: true,
                        }),
                      )}
                  >
                    ${s.key.evaluation ? 'e' : 's'}${s.key.step} · ${fmt(s.reward)}
                  </button>`,
              )}
              ${r.samples > r.shown.length ? html`<span class="note">+${r.samples - r.shown.length} more</span>` : nothing}
            </li>`,
        )}
      </ul>
    </details>`;
  }
}
