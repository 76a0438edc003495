import * as l10n from '@vscode/l10n';
import { LitElement, html, nothing, svg } from 'lit';
import type { TemplateResult } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { BehaviourOverview } from '../../src/shared/protocol';
import { flagInfo } from './behaviourFlags';
import { chartTable } from './chartTable';

const SPARK_W = 160;
const SPARK_H = 22;

/** Per-step counts as bars: a glance at when a behaviour started or stopped. */
function sparkline(steps: number[], byStep: Record<string, number>): TemplateResult {
  const max = Math.max(1, ...steps.map((s) => byStep[s] ?? 0));
  const w = SPARK_W / Math.max(1, steps.length);
  return html`<svg
    class="spark"
    width=${SPARK_W}
    height=${SPARK_H}
    role="img"
    aria-label=${l10n.t('samples per step')}
  >
    ${steps.map((s, i) => {
      const n = byStep[s] ?? 0;
      const h = n === 0 ? 0 : Math.max(2, (n / max) * (SPARK_H - 2));
      return svg`<rect x=${i * w + 0.5} y=${SPARK_H - h} width=${Math.max(1, w - 1)} height=${h}><title>${l10n.t('step {0}: {1}', s, n)}</title></rect>`;
    })}
  </svg>`;
}

/**
 * The behaviour scanner's run-wide flags: how many samples show each, per training step, and a link that
 * filters the sample table to them; below, the steps where the shaped reward outran success.
 */
@customElement('rs-behaviour')
export class BehaviourPanel extends LitElement {
  @property({ attribute: false }) data: BehaviourOverview | undefined;

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  private emit(name: string, detail: unknown): void {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true }));
  }

  protected override render(): TemplateResult {
    const d = this.data;
    if (!d) return html`${nothing}`;
    const flagged = d.flags.filter((f) => f.samples > 0);
    return html`<section class="behaviour" aria-label=${l10n.t('Behaviour')}>
      <h3>${l10n.t('Behaviour')}</h3>
      ${
        d.bodiesOnBox
          ? html`<p class="note">
              ${l10n.t('Heads only: behaviour is read from bodies, which stay on the box; none is counted here.')}
            </p>`
          : d.unscanned > 0
            ? html`<p class="note">
                ${l10n.t('Counting: {0} samples not read yet.', d.unscanned.toLocaleString('en-US'))}
              </p>`
            : nothing
      }
      ${
        flagged.length === 0 && d.shapedDrift.length === 0
          ? html`<p class="note">
              ${l10n.t('Nothing flagged: no loops, early done, length-limit hits, empty responses or error bursts.')}
            </p>`
          : nothing
      }
      <ul class="behaviour-flags">
        ${flagged.map(
          (f) =>
            html`<li data-flag=${f.flag}>
              <button
                class="link flag-link"
                title=${l10n.t('{0}. Click to show these samples in the table.', flagInfo(f.flag).title)}
                @click=${() => this.emit('filter-expression', `flag == ${f.flag}`)}
              >
                <span class="flag-badge ${f.flag}">${flagInfo(f.flag).badge}</span>
                ${flagInfo(f.flag).label}
              </button>
              <span class="flag-count">${l10n.t('{0} samples', f.samples.toLocaleString('en-US'))}</span>
              ${sparkline(d.steps, f.byStep)}
            </li>`,
        )}
        ${
          d.shapedDrift.length > 0
            ? html`<li data-flag="shaped-drift">
                <span class="flag-badge shaped-drift">${l10n.t('shaped ↑ success ↛')}</span>
                ${l10n.t('Shaped reward rose while success did not at step')}
                ${d.shapedDrift.map(
                  (s, i) =>
                    html`${i > 0 ? ', ' : ''}<button
                        class="link"
                        title=${l10n.t(
                          "Shaped reward +{0}, success {1} points over the step before. Click to show the step's samples.",
                          s.shapedDelta.toFixed(3),
                          `${s.successDelta >= 0 ? '+' : ''}${(s.successDelta * 100).toFixed(0)}`,
                        )}
                        @click=${() => this.emit('filter-step', s.step)}
                      >
                        ${s.step}
                      </button>`,
                )}
              </li>`
            : nothing
        }
      </ul>
      ${
        flagged.length > 0
          ? chartTable(
              l10n.t('Flagged samples per training step'),
              [l10n.t('step'), ...flagged.map((f) => flagInfo(f.flag).label)],
              d.steps.map((s) => [s, ...flagged.map((f) => f.byStep[s] ?? 0)]),
            )
          : nothing
      }
    </section>`;
  }
}
