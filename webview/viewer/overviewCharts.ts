import * as l10n from '@vscode/l10n';
import { LitElement, html, nothing } from 'lit';
import type { PropertyValues, TemplateResult } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import uPlot from 'uplot';
import type { RunInfo, RunOverview, StepAggregate } from '../../src/shared/protocol';
import { CHART_LEGEND } from './chartLegend';
import { chartTable } from './chartTable';
import { codeStyle } from './codeStyle';
import { ema } from './ema';
import { fmt, pct } from './format';
import { histogramChart } from './histogramChart';
import { plain } from './richText';

interface ChartSpec {
  title: string;
  series: { label: string; value: (s: StepAggregate) => number | null; color: string; dash?: number[] }[];
  percent?: boolean;
  /** The chart's headline number, drawn for each overlaid run; absent when an overlay cannot have it. */
  overlay?: (s: StepAggregate) => number | null;
}

/** Another run drawn on the same axes. */
export interface OverlayRun {
  name: string;
  overview: RunOverview;
}

const themeColor = (name: string, fallback: string) =>
  getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;

function specs(o: RunOverview): ChartSpec[] {
  const c = {
    blue: themeColor('--vscode-charts-blue', '#3794ff'),
    green: themeColor('--vscode-charts-green', '#89d185'),
    red: themeColor('--vscode-charts-red', '#f14c4c'),
    yellow: themeColor('--vscode-charts-yellow', '#cca700'),
    orange: themeColor('--vscode-charts-orange', '#d18616'),
    purple: themeColor('--vscode-charts-purple', '#b180d7'),
  };
  const palette = [c.red, c.orange, c.yellow, c.purple, c.blue, c.green];
  return [
    {
      title: l10n.t('Reward mean ± std'),
      overlay: (s) => s.rewardMean,
      series: [
        { label: l10n.t('raw'), value: (s) => s.rewardMean, color: c.blue },
        {
          label: l10n.t('raw + std'),
          value: (s) => (s.rewardMean === null ? null : s.rewardMean + (s.rewardStd ?? 0)),
          color: c.blue,
          dash: [4, 4],
        },
        {
          label: l10n.t('raw − std'),
          value: (s) => (s.rewardMean === null ? null : s.rewardMean - (s.rewardStd ?? 0)),
          color: c.blue,
          dash: [4, 4],
        },
        { label: l10n.t('shaped'), value: (s) => s.shapedMean, color: c.purple },
        {
          label: l10n.t('shaped ± std'),
          value: (s) => (s.shapedMean === null ? null : s.shapedMean + (s.shapedStd ?? 0)),
          color: c.purple,
          dash: [2, 4],
        },
      ],
    },
    {
      title: l10n.t('Success rate (reward = 1)'),
      percent: true,
      overlay: (s) => s.success,
      series: [{ label: l10n.t('success'), value: (s) => s.success, color: c.green }],
    },
    {
      title: l10n.t('Tool-call errors by code (share of samples)'),
      percent: true,
      overlay: (s) => s.withErrors,
      series: [
        {
          label: l10n.t('any error'),
          value: (s) => s.withErrors,
          color: themeColor('--vscode-foreground', '#ccc'),
          dash: [2, 3],
        },
        // Calls SGLang's parse drops, apart from calls it returns that break a schema or the policy.
        {
          label: l10n.t('parse failure (dropped)'),
          value: (s) => s.dropped,
          color: themeColor('--vscode-foreground', '#ccc'),
        },
        ...o.codes.map((code) => ({
          label: code,
          value: (s: StepAggregate) => s.codes[code] ?? 0,
          ...codeStyle(code, palette),
        })),
      ],
    },
    {
      title: l10n.t('Response length ({0})', o.lengthUnit ?? 'tokens'),
      series: [{ label: l10n.t('mean'), value: (s) => s.responseLength, color: c.orange }],
    },
    {
      title: l10n.t('Truncation ratio'),
      percent: true,
      overlay: (s) => s.truncated,
      series: [{ label: l10n.t('truncated'), value: (s) => s.truncated, color: c.yellow }],
    },
    {
      title: l10n.t('Zero-std groups'),
      percent: true,
      overlay: (s) => s.zeroStdGroups,
      series: [{ label: l10n.t('zero std'), value: (s) => s.zeroStdGroups, color: c.red }],
    },
    {
      title: l10n.t('Discarded rollouts (never reached the trainer)'),
      series: [
        { label: l10n.t('zero-std group'), value: (s) => s.discarded['zero-std'], color: c.red },
        { label: l10n.t('aborted'), value: (s) => s.discarded.aborted, color: c.orange },
        { label: l10n.t('remove_sample'), value: (s) => s.discarded.removed, color: c.purple },
        { label: l10n.t('never trained'), value: (s) => s.discarded['never-trained'], color: c.blue },
      ],
    },
  ];
}

/**
 * The run overview: one small chart per question a researcher asks of a step, drawn with uPlot from
 * per-step aggregates the host computed. Clicking a point filters the sample table to that step.
 */
@customElement('rs-overview')
export class OverviewCharts extends LitElement {
  @property({ attribute: false }) overview: RunOverview | undefined;
  @property({ attribute: false }) overlays: OverlayRun[] = [];
  /** Runs that can be overlaid (the open one excluded) and which are. */
  @property({ attribute: false }) choices: RunInfo[] = [];
  @property({ attribute: false }) overlaid: string[] = [];
  @property({ type: Number }) smoothing = 0;
  private plots: uPlot[] = [];
  /** What the plots were built for (series, smoothing, point markers, width); the steps they show. */
  private shape = '';
  private steps: number[] = [];
  private resize = new ResizeObserver(() => this.draw());

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.resize.observe(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resize.disconnect();
    for (const p of this.plots) p.destroy();
    this.plots = [];
    this.shape = '';
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('overview') || changed.has('overlays') || changed.has('smoothing')) this.draw();
  }

  private emitOverlay(runs: string[], smoothing: number): void {
    this.dispatchEvent(new CustomEvent('overlay-change', { detail: { runs, smoothing }, bubbles: true }));
  }

  private draw(): void {
    const o = this.overview;
    const train = o?.steps.filter((s) => !s.evaluation) ?? [];
    if (!o || train.length === 0) {
      for (const p of this.plots) p.destroy();
      this.plots = [];
      this.shape = '';
      return;
    }
    const others = this.overlays.map((r) => ({
      name: r.name,
      byStep: new Map(r.overview.steps.filter((s) => !s.evaluation).map((s) => [s.step, s])),
    }));
    // Every run's steps on one axis; a run without a step has a gap there.
    const xs = [
      ...new Set([...train.map((s) => s.step), ...others.flatMap((r) => [...r.byStep.keys()])]),
    ].sort((a, b) => a - b);
    const mine = new Map(train.map((s) => [s.step, s]));
    const column = (byStep: Map<number, StepAggregate>, value: (s: StepAggregate) => number | null) =>
      ema(
        xs.map((x) => {
          const s = byStep.get(x);
          return s === undefined ? null : value(s);
        }),
        this.smoothing,
      );
    const overlayColors = [
      themeColor('--vscode-charts-orange', '#d18616'),
      themeColor('--vscode-charts-yellow', '#cca700'),
      themeColor('--vscode-charts-purple', '#b180d7'),
      themeColor('--vscode-charts-green', '#89d185'),
    ];
    const axisColor = themeColor('--vscode-descriptionForeground', '#999');
    const gridColor = themeColor('--vscode-editorWidget-border', 'rgba(128,128,128,0.25)');
    const charts = specs(o).map((spec) => ({
      spec,
      lines: [
        ...spec.series.map((s) => ({ ...s, values: column(mine, s.value) })),
        ...(spec.overlay
          ? others.map((r, k) => ({
              label: r.name,
              color: overlayColors[k % overlayColors.length]!,
              dash: [6, 3],
              values: column(r.byStep, spec.overlay!),
            }))
          : []),
      ],
    }));
    // New steps of a streaming run (every second) only move the lines: the plots take the new data in
    // place. Rebuilding them emptied the pane for a moment, and the browser put its scroll back at the top.
    const shape = JSON.stringify([
      charts.map((c) => c.lines.map((l) => l.label)),
      this.smoothing > 0,
      xs.length < 60,
      Math.round(this.clientWidth),
    ]);
    if (shape === this.shape && this.plots.length === charts.length) {
      charts.forEach((c, i) =>
        this.plots[i]!.setData([xs, ...c.lines.map((l) => l.values)] as uPlot.AlignedData),
      );
      this.steps = xs;
      return;
    }
    for (const p of this.plots) p.destroy();
    this.plots = [];
    this.shape = shape;
    this.steps = xs;
    charts.forEach(({ spec, lines }, i) => {
      const host = this.querySelector<HTMLElement>(`[data-chart="${i}"]`);
      if (!host) return;
      const width = Math.max(220, host.clientWidth);
      const fmtY = (v: number) =>
        spec.percent ? `${Math.round(v * 100)}%` : String(Math.round(v * 100) / 100);
      const plot = new uPlot(
        {
          width,
          height: 150,
          legend: CHART_LEGEND,
          cursor: { drag: { x: false, y: false }, points: { size: 6 } },
          scales: { x: { time: false } },
          axes: [
            {
              stroke: axisColor,
              grid: { stroke: gridColor, width: 1 },
              ticks: { stroke: gridColor },
              // Steps are whole numbers: no ticks at 0.5.
              incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000],
              label: l10n.t('step'),
              labelSize: 14,
              size: 30,
            },
            {
              stroke: axisColor,
              grid: { stroke: gridColor, width: 1 },
              ticks: { stroke: gridColor },
              values: (_u, vals) => vals.map(fmtY),
              size: 52,
            },
          ],
          series: [
            { label: l10n.t('step') },
            ...lines.map((s) => ({
              label: this.smoothing > 0 ? l10n.t('{0} (EMA)', s.label) : s.label,
              stroke: s.color,
              width: 1.5,
              dash: s.dash,
              points: { show: xs.length < 60 },
              spanGaps: true,
            })),
          ],
        },
        [xs, ...lines.map((s) => s.values)] as uPlot.AlignedData,
        host,
      );
      plot.over.addEventListener('click', () => {
        const idx = plot.cursor.idx;
        if (idx === null || idx === undefined) return;
        const step = this.steps[idx];
        if (step !== undefined) this.filterStep(step);
      });
      plot.over.title = l10n.t('Click a step to filter the sample table to it');
      this.plots.push(plot);
    });
  }

  private filterStep(step: number): void {
    this.dispatchEvent(new CustomEvent('filter-step', { detail: step, bubbles: true }));
  }

  /** The chart's numbers per step, unsmoothed, with a column per overlaid run where the chart has one. */
  private table(spec: ChartSpec, train: StepAggregate[]): TemplateResult {
    const cell = (v: number | null) => (spec.percent ? pct(v) : fmt(v, 3));
    const others = spec.overlay
      ? this.overlays.map((r) => ({
          name: r.name,
          byStep: new Map(r.overview.steps.filter((s) => !s.evaluation).map((s) => [s.step, s])),
        }))
      : [];
    const steps = [
      ...new Set([...train.map((s) => s.step), ...others.flatMap((r) => [...r.byStep.keys()])]),
    ].sort((a, b) => a - b);
    const mine = new Map(train.map((s) => [s.step, s]));
    return chartTable(
      spec.title,
      [l10n.t('step'), ...spec.series.map((s) => s.label), ...others.map((r) => r.name)],
      steps.map((step) => {
        const s = mine.get(step);
        return [
          step,
          ...spec.series.map((l) => (s ? cell(l.value(s)) : null)),
          ...others.map((r) => {
            const theirs = r.byStep.get(step);
            return theirs ? cell(spec.overlay!(theirs)) : null;
          }),
        ];
      }),
    );
  }

  protected override render(): TemplateResult {
    const o = this.overview;
    if (!o)
      return html`<div class="empty">
        <span class="codicon codicon-loading codicon-modifier-spin"></span>
        ${l10n.t('Computing per-step numbers…')}
      </div>`;
    const train = o.steps.filter((s) => !s.evaluation);
    if (train.length === 0)
      return html`<div class="empty">
        ${l10n.t('No training steps yet. Charts appear once the first samples of a step arrive.')}
      </div>`;
    const evals = o.steps.filter((s) => s.evaluation);
    return html`
      <div class="overview-controls">
        <label title=${l10n.t('Exponential moving average of every line, as TensorBoard and W&B smooth')}>
          ${l10n.t('Smoothing')}
          <input
            type="range"
            min="0"
            max="0.95"
            step="0.05"
            aria-label=${l10n.t('EMA smoothing')}
            .value=${String(this.smoothing)}
            @change=${(e: Event) => this.emitOverlay(this.overlaid, Number((e.target as HTMLInputElement).value))}
          />
          <span class="smoothing-value">${this.smoothing.toFixed(2)}</span>
        </label>
        ${
          this.choices.length > 0
            ? html`<fieldset class="overlay-runs">
                <legend>${l10n.t('Overlay runs')}</legend>
                ${this.choices.map(
                  (r) =>
                    html`<label
                      ><input
                        type="checkbox"
                        .checked=${this.overlaid.includes(r.runKey)}
                        @change=${(e: Event) =>
                          this.emitOverlay(
                            (e.target as HTMLInputElement).checked
                              ? [...this.overlaid, r.runKey]
                              : this.overlaid.filter((d) => d !== r.runKey),
                            this.smoothing,
                          )}
                      />
                      ${plain(r.name)}</label
                    >`,
                )}
              </fieldset>`
            : nothing
        }
      </div>
      ${
        o.bodiesOnBox
          ? html`<p class="note">
              ${l10n.t('This run is read heads only: its bodies stay on the box, so the charts of length and error codes count only the samples opened.')}
            </p>`
          : o.unscanned > 0
            ? html`<p class="note">
                ${l10n.t('Reading {0} sample bodies: length and error codes fill in as they are read.', o.unscanned.toLocaleString('en-US'))}
              </p>`
            : nothing
      }
      <div class="charts">
        ${specs(o).map(
          (s, i) =>
            html`<figure class="chart">
              <figcaption>${s.title}</figcaption>
              <div data-chart=${i}></div>
              ${this.table(s, train)}
            </figure>`,
        )}
      </div>
      <h3>
        ${l10n.t('Distributions')}
        <span class="note">${l10n.t("each training step's histogram, the newest in front")}</span>
      </h3>
      <div class="charts distributions">
        ${histogramChart(l10n.t('Reward (raw)'), o.distributions.reward, (step) => this.filterStep(step))}
        ${histogramChart(l10n.t('Response length ({0})', o.lengthUnit ?? 'tokens'), o.distributions.length, (step) => this.filterStep(step))}
        ${histogramChart(l10n.t('Turns'), o.distributions.turns, (step) => this.filterStep(step))}
      </div>
      ${
        evals.length > 0
          ? html`<h3>${l10n.t('Eval points')}</h3>
              <table class="eval-points">
                <thead>
                  <tr>
                    <th>${l10n.t('step')}</th>
                    <th>${l10n.t('samples')}</th>
                    <th>${l10n.t('reward')}</th>
                    <th>${l10n.t('success')}</th>
                  </tr>
                </thead>
                <tbody>
                  ${evals.map(
                    (e) =>
                      html`<tr>
                        <td>${e.step}</td>
                        <td>${e.samples}</td>
                        <td>${e.rewardMean?.toFixed(3) ?? '—'}</td>
                        <td>${e.success === null ? '—' : `${Math.round(e.success * 100)}%`}</td>
                      </tr>`,
                  )}
                </tbody>
              </table>`
          : nothing
      }
    `;
  }
}
