import * as l10n from '@vscode/l10n';
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
        ? html`${l10n.t('task')} ${plain(d.by.task)}${d.by.domain ? html` (${plain(d.by.domain)})` : nothing}`
        : html`${l10n.t('this prompt')}
            <span class="note"
              >${l10n.t('(no task id; matched by prompt hash {0})', d.by.hash.slice(0, 8))}</span
            >`;
    const icon = html`<span class="codicon codicon-references" aria-hidden="true"></span>`;
    // Nothing to list takes one line, so the conversation above keeps the height.
    if (d.runs.length === 0)
      return html`<div class="same-task none">
        ${icon} ${l10n.t('Same task in other runs')} · ${what}:
        <span class="note">${l10n.t('none the extension knows')}</span>
      </div>`;
    return html`<details class="same-task" open>
      <summary>${icon} ${l10n.t('Same task in other runs')} · ${what}</summary>
      <ul>
        ${d.runs.map(
          (r) =>
            html`<li>
              <span class="run-name" title=${r.runKey}>${plain(r.name)}</span>
              <span class="note"
                >${
                  r.samples === 1
                    ? l10n.t('1 sample · mean reward {0}', fmt(r.rewardMean, 3))
                    : l10n.t('{0} samples · mean reward {1}', r.samples, fmt(r.rewardMean, 3))
                }</span
              >
              ${r.shown.map(
                (s) =>
                  html`<button
                    class="reward-pill ${s.reward === null ? '' : s.reward >= 1 ? 'good' : s.reward <= 0 ? 'bad' : 'mid'}"
                    title=${
                      s.key.evaluation
                        ? l10n.t(
                            'Open eval {0}, group {1}, #{2} of {3}',
                            s.key.step,
                            s.key.group,
                            s.key.index,
                            r.name,
                          )
                        : l10n.t(
                            'Open step {0}, group {1}, #{2} of {3}',
                            s.key.step,
                            s.key.group,
                            s.key.index,
                            r.name,
                          )
                    }
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
              ${r.samples > r.shown.length ? html`<span class="note">${l10n.t('+{0} more', r.samples - r.shown.length)}</span>` : nothing}
            </li>`,
        )}
      </ul>
    </details>`;
  }
}
