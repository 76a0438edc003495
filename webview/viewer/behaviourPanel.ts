import { LitElement, html, nothing, svg } from 'lit';
import type { TemplateResult } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { BehaviourOverview } from '../../src/shared/protocol';
import { FLAG_INFO } from './behaviourFlags';
import { chartTable } from './chartTable';

const SPARK_W = 160;
const SPARK_H = 22;

/** Per-step counts as bars: a glance at when a behaviour started or stopped. */
function sparkline(steps: number[], byStep: Record<string, number>): TemplateResult {
  const max = Math.max(1, ...steps.map((s) => byStep[s] ?? 0));
  const w = SPARK_W / Math.max(1, steps.length);
  return html`<svg class="spark" width=${SPARK_W} height=${SPARK_H} role="img" aria-label="samples per step">
    ${steps.map((s, i) => {
      const n = byStep[s] ?? 0;
      const h = n === 0 ? 0 : Math.max(2, (n / max) * (SPARK_H - 2));
      return svg`<rect x=${i * w + 0.5} y=${SPARK_H - h} width=${Math.max(1, w - 1)} height=${h}><title>step ${s}: ${n}</title></rect>`;
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
    return html`<section class="behaviour" aria-label="Behaviour">
      <h3>Behaviour</h3>
      ${
        d.bodiesOnBox
          ? html`<p class="note">
              Heads only: behaviour is read from bodies, which stay on the box; none is counted here.
            </p>`
          : d.unscanned > 0
            ? html`<p class="note">Counting: ${d.unscanned.toLocaleString('en-US')} samples not read yet.</p>`
            : nothing
      }
      ${
        flagged.length === 0 && d.shapedDrift.length === 0
          ? html`<p class="note">
              Nothing flagged: no loops, early done, length-limit hits, empty responses or error bursts.
            </p>`
          : nothing
      }
      <ul class="behaviour-flags">
        ${flagged.map(
          (f) =>
            html`<li data-flag=${f.flag}>
              <button
                class="link flag-link"
                title="${FLAG_INFO[f.flag].title}. Click to show these samples in the table."
                @click=${() => this.emit('filter-expression', `flag == ${f.flag}`)}
              >
                <span class="flag-badge ${f.flag}">${FLAG_INFO[f.flag].badge}</span>
                ${FLAG_INFO[f.flag].label}
              </button>
              <span class="flag-count">${f.samples.toLocaleString('en-US')} samples</span>
              ${sparkline(d.steps, f.byStep)}
            </li>`,
        )}
        ${
          d.shapedDrift.length > 0
            ? html`<li data-flag="shaped-drift">
                <span class="flag-badge shaped-drift">shaped ↑ success ↛</span>
                Shaped reward rose while success did not at step
                ${d.shapedDrift.map(
                  (s, i) =>
                    html`${i > 0 ? ', ' : ''}<button
                        class="link"
                        title="Shaped reward +${s.shapedDelta.toFixed(3)}, success ${s.successDelta >= 0 ? '+' : ''}${(s.successDelta * 100).toFixed(0)} points over the step before. Click to show the step's samples."
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
              'Flagged samples per training step',
              ['step', ...flagged.map((f) => FLAG_INFO[f.flag].label)],
              d.steps.map((s) => [s, ...flagged.map((f) => f.byStep[s] ?? 0)]),
            )
          : nothing
      }
    </section>`;
  }
}
