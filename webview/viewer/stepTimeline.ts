import * as l10n from '@vscode/l10n';
import { LitElement, html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { TIMELINE_PHASES } from '../../src/shared/timelinePhases';
import type { StepTiming } from '../../src/core/runspec/stepTimeline';
import type { TimelinePhase } from '../../src/shared/timelinePhases';
import type { RunTimeline } from '../../src/shared/protocol';
import { chartTable } from './chartTable';
import { cssom } from './cssom';

/** Generation and waiting in warm colours, training in blues and greens, the rest in greys and purple. */
const PHASE_COLOR: Record<TimelinePhase, string> = {
  generation: 'var(--vscode-charts-orange, #d18616)',
  waiting: 'var(--vscode-disabledForeground, #888)',
  logProbs: 'var(--vscode-charts-blue, #3794ff)',
  actorTrain: 'var(--vscode-charts-green, #89d185)',
  otherTrain: 'var(--vscode-charts-yellow, #cca700)',
  updateWeights: 'var(--vscode-charts-purple, #b180d7)',
  save: 'var(--vscode-charts-red, #f14c4c)',
  offload: 'var(--vscode-descriptionForeground, #aaa)',
};

/** The phase's name in the legend and read-outs (the CLI keeps its own English PHASE_LABELS). */
function phaseLabel(p: TimelinePhase): string {
  switch (p) {
    case 'generation':
      return l10n.t('rollout generation');
    case 'waiting':
      return l10n.t('waiting (eval, scheduling, other)');
    case 'logProbs':
      return l10n.t('log-probs');
    case 'actorTrain':
      return l10n.t('actor train');
    case 'otherTrain':
      return l10n.t('other training (data, ref update)');
    case 'updateWeights':
      return l10n.t('weight update');
    case 'save':
      return l10n.t('save checkpoint');
    case 'offload':
      return l10n.t('offload / reload');
  }
}

const secs = (s: number) => (s >= 100 ? `${Math.round(s)} s` : `${s.toFixed(1)} s`);

function describe(t: StepTiming): string {
  const parts = TIMELINE_PHASES.filter((p) => t.seconds[p] > 0).map(
    (p) => `${phaseLabel(p)} ${secs(t.seconds[p])}`,
  );
  const extra = [
    t.overlappedSeconds > 0
      ? l10n.t('{0} more generation overlapped with training', secs(t.overlappedSeconds))
      : '',
    t.nonGenerationPerSample !== null
      ? l10n.t('tools, user simulator and reward {0} per sample (mean)', secs(t.nonGenerationPerSample))
      : '',
    t.complete ? '' : l10n.t('still running'),
  ].filter(Boolean);
  const head = l10n.t(
    'step {0} · {1}: {2}',
    t.step,
    secs(t.total),
    parts.join(', ') || l10n.t('nothing timed'),
  );
  return extra.length ? `${head} (${extra.join('; ')})` : head;
}

/**
 * Where each step's time went, from slime's Timer and perf lines in the run's console.log: one stacked
 * bar per step on the trainer's clock. Hovering a bar reads out its seconds per phase; a click filters the
 * sample table to the step, as the other charts do.
 */
@customElement('rs-step-timeline')
export class StepTimelineChart extends LitElement {
  @property({ attribute: false }) data: RunTimeline | undefined;
  @state() private hovered: StepTiming | undefined;

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  protected override render(): TemplateResult {
    const d = this.data;
    if (!d) return html`${nothing}`;
    const steps = d.timeline?.steps ?? [];
    if (steps.length === 0)
      return html`<section class="timeline" aria-label=${l10n.t('Timeline')}>
        <h3>${l10n.t('Timeline')}</h3>
        <p class="note">
          ${d.note ?? l10n.t("No Timer or perf lines in the run's console.log yet: slime writes them as each step ends.")}
        </p>
      </section>`;
    const max = Math.max(...steps.map((s) => s.total), 1e-9);
    const used = TIMELINE_PHASES.filter((p) => steps.some((s) => s.seconds[p] > 0));
    const shown = this.hovered ?? steps[steps.length - 1]!;
    return html`<section class="timeline" aria-label=${l10n.t('Timeline')}>
      <h3>
        ${l10n.t('Timeline')} <span class="note">${l10n.t("seconds per step on the trainer's clock")}</span>
      </h3>
      <div class="tl-chart" role="list" @mouseleave=${() => (this.hovered = undefined)}>
        <span class="tl-max">${secs(max)}</span>
        ${steps.map(
          (s) =>
            html`<button
              class="tl-bar ${s.complete ? '' : 'running'}"
              role="listitem"
              data-step=${s.step}
              title=${l10n.t('{0}. Click to filter the sample table to this step.', describe(s))}
              aria-label=${describe(s)}
              @mouseenter=${() => (this.hovered = s)}
              @focus=${() => (this.hovered = s)}
              @click=${() => this.dispatchEvent(new CustomEvent('filter-step', { detail: s.step, bubbles: true }))}
            >
              <span class="tl-stack" ${cssom({ height: `${(s.total / max) * 100}%` })}>
                ${TIMELINE_PHASES.filter((p) => s.seconds[p] > 0).map(
                  (p) =>
                    html`<span
                      class="tl-seg"
                      data-phase=${p}
                      ${cssom({ 'flex-grow': String(s.seconds[p]), background: PHASE_COLOR[p] })}
                    ></span>`,
                )}
              </span>
              <span class="tl-step">${s.step}</span>
            </button>`,
        )}
      </div>
      <p class="tl-readout" aria-live="polite">${describe(shown)}</p>
      <ul class="tl-legend">
        ${used.map(
          (p) =>
            html`<li>
              <span class="tl-swatch" ${cssom({ background: PHASE_COLOR[p] })}></span>${phaseLabel(p)}
            </li>`,
        )}
      </ul>
      ${chartTable(
        l10n.t("Seconds per step on the trainer's clock, by phase"),
        [l10n.t('step'), l10n.t('total'), ...used.map((p) => phaseLabel(p)), l10n.t('complete')],
        steps.map((s) => [
          s.step,
          s.total.toFixed(1),
          ...used.map((p) => s.seconds[p].toFixed(1)),
          s.complete ? l10n.t('yes') : l10n.t('still running'),
        ]),
      )}
      ${d.timeline && d.timeline.unmatched > 0 ? html`<p class="note">${l10n.t('{0} Timer lines without their other half were left out.', d.timeline.unmatched)}</p>` : nothing}
    </section>`;
  }
}
