import * as l10n from '@vscode/l10n';
import { LitElement, html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { SampleTrace, TraceSpan } from '../../src/core/records/traceSpans';
import { chartTable } from './chartTable';
import { cssom } from './cssom';
import { plain } from './richText';

const secs = (s: number) => `${s.toFixed(s >= 10 ? 1 : 2)} s`;

function spanTitle(s: TraceSpan): string {
  const attrs = Object.entries(s.attrs)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(', ');
  const when =
    s.end === null
      ? l10n.t('from {0}, never ended', secs(s.start))
      : l10n.t('{0} (at {1})', secs(s.end - s.start), secs(s.start));
  return `${s.name}: ${when}${attrs ? ` · ${attrs}` : ''}`;
}

/** The sample's spans from slime's trace (generate_and_rm, sglang_generate, reward_model): a small Gantt. */
@customElement('rs-trace-gantt')
export class TraceGantt extends LitElement {
  @property({ attribute: false }) trace: SampleTrace | null | undefined;

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  protected override render(): TemplateResult {
    const t = this.trace;
    if (!t || t.spans.length === 0) return html`${nothing}`;
    const total = Math.max(t.duration, 1e-9);
    return html`<details class="trace-gantt" open>
      <summary>
        ${l10n.t('Spans')}
        <span class="note"
          >${
            t.dropped > 0
              ? l10n.t("{0} from slime's trace, {1} events not kept", secs(t.duration), t.dropped)
              : l10n.t("{0} from slime's trace", secs(t.duration))
          }</span
        >
      </summary>
      <div class="gantt" role="list">
        ${t.spans.map((s) => {
          const end = s.end ?? t.duration;
          return html`<div class="gantt-row" role="listitem" title=${spanTitle(s)} data-span=${s.name}>
            <span class="gantt-name" ${cssom({ 'padding-left': `${s.depth * 10}px` })}>${plain(s.name)}</span>
            <span class="gantt-track">
              <span
                class="gantt-bar ${s.end === null ? 'open' : ''} ${/reward/.test(s.name) ? 'reward' : /generate/.test(s.name) ? 'generate' : ''}"
                ${cssom({ left: `${(s.start / total) * 100}%`, width: `${Math.max(0.5, ((end - s.start) / total) * 100)}%` })}
              ></span>
            </span>
            <span class="gantt-secs">${s.end === null ? '…' : secs(s.end - s.start)}</span>
          </div>`;
        })}
      </div>
      ${chartTable(
        l10n.t("The sample's spans, seconds from its start"),
        [l10n.t('span'), l10n.t('depth'), l10n.t('start'), l10n.t('end'), l10n.t('duration')],
        t.spans.map((s) => [
          s.name,
          s.depth,
          s.start.toFixed(2),
          s.end === null ? l10n.t('never ended') : s.end.toFixed(2),
          s.end === null ? null : (s.end - s.start).toFixed(2),
        ]),
      )}
    </details>`;
  }
}
