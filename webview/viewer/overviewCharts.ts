import { LitElement, html, nothing } from 'lit';
import type { PropertyValues, TemplateResult } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import uPlot from 'uplot';
import type { RunOverview, StepAggregate } from '../protocol';

interface ChartSpec {
  title: string;
  series: { label: string; value: (s: StepAggregate) => number | null; color: string; dash?: number[] }[];
  percent?: boolean;
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
      title: 'Reward mean ± std',
      series: [
        { label: 'raw', value: (s) => s.rewardMean, color: c.blue },
        {
          label: 'raw + std',
          value: (s) => (s.rewardMean === null ? null : s.rewardMean + (s.rewardStd ?? 0)),
          color: c.blue,
          dash: [4, 4],
        },
        {
          label: 'raw − std',
          value: (s) => (s.rewardMean === null ? null : s.rewardMean - (s.rewardStd ?? 0)),
          color: c.blue,
          dash: [4, 4],
        },
        { label: 'shaped', value: (s) => s.shapedMean, color: c.purple },
        {
          label: 'shaped ± std',
          value: (s) => (s.shapedMean === null ? null : s.shapedMean + (s.shapedStd ?? 0)),
          color: c.purple,
          dash: [2, 4],
        },
      ],
    },
    {
      title: 'Success rate (reward = 1)',
      percent: true,
      series: [{ label: 'success', value: (s) => s.success, color: c.green }],
    },
    {
      title: 'Tool-call errors by code (share of samples)',
      percent: true,
      series: [
        {
          label: 'any error',
          value: (s) => s.withErrors,
          color: themeColor('--vscode-foreground', '#ccc'),
          dash: [4, 4],
        },
        ...o.codes.map((code, i) => ({
          label: code,
          value: (s: StepAggregate) => s.codes[code] ?? 0,
          color: palette[i % palette.length]!,
        })),
      ],
    },
    {
      title: `Response length (${o.lengthUnit ?? 'tokens'})`,
      series: [{ label: 'mean', value: (s) => s.responseLength, color: c.orange }],
    },
    {
      title: 'Truncation ratio',
      percent: true,
      series: [{ label: 'truncated', value: (s) => s.truncated, color: c.yellow }],
    },
    {
      title: 'Zero-std groups',
      percent: true,
      series: [{ label: 'zero std', value: (s) => s.zeroStdGroups, color: c.red }],
    },
    {
      title: 'Discarded rollouts (never reached the trainer)',
      series: [
        { label: 'zero-std group', value: (s) => s.discarded['zero-std'], color: c.red },
        { label: 'aborted', value: (s) => s.discarded.aborted, color: c.orange },
        { label: 'remove_sample', value: (s) => s.discarded.removed, color: c.purple },
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
  private plots: uPlot[] = [];
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
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('overview')) this.draw();
  }

  private draw(): void {
    for (const p of this.plots) p.destroy();
    this.plots = [];
    const o = this.overview;
    if (!o) return;
    const train = o.steps.filter((s) => !s.evaluation);
    if (train.length === 0) return;
    const xs = train.map((s) => s.step);
    const axisColor = themeColor('--vscode-descriptionForeground', '#999');
    const gridColor = themeColor('--vscode-editorWidget-border', 'rgba(128,128,128,0.25)');
    specs(o).forEach((spec, i) => {
      const host = this.querySelector<HTMLElement>(`[data-chart="${i}"]`);
      if (!host) return;
      const width = Math.max(220, host.clientWidth);
      const fmtY = (v: number) =>
        spec.percent ? `${Math.round(v * 100)}%` : String(Math.round(v * 100) / 100);
      const plot = new uPlot(
        {
          width,
          height: 150,
          legend: { show: true, live: false },
          cursor: { drag: { x: false, y: false }, points: { size: 6 } },
          scales: { x: { time: false } },
          axes: [
            {
              stroke: axisColor,
              grid: { stroke: gridColor, width: 1 },
              ticks: { stroke: gridColor },
              // Steps are whole numbers: no ticks at 0.5.
              incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000],
              label: 'step',
              labelSize: 14,
              size: 30,
            },
            {
              stroke: axisColor,
              grid: { stroke: gridColor, width: 1 },
              ticks: { stroke: gridColor },
              values: (_u, vals) => vals.map(fmtY),
              size: 44,
            },
          ],
          series: [
            { label: 'step' },
            ...spec.series.map((s) => ({
              label: s.label,
              stroke: s.color,
              width: 1.5,
              dash: s.dash,
              points: { show: xs.length < 60 },
              spanGaps: true,
            })),
          ],
        },
        [xs, ...spec.series.map((s) => train.map((st) => s.value(st)))] as uPlot.AlignedData,
        host,
      );
      plot.over.addEventListener('click', () => {
        const idx = plot.cursor.idx;
        if (idx === null || idx === undefined) return;
        const step = xs[idx];
        if (step !== undefined)
          this.dispatchEvent(new CustomEvent('filter-step', { detail: step, bubbles: true }));
      });
      plot.over.title = 'Click a step to filter the sample table to it';
      this.plots.push(plot);
    });
  }

  protected override render(): TemplateResult {
    const o = this.overview;
    if (!o)
      return html`<div class="empty">
        <span class="codicon codicon-loading codicon-modifier-spin"></span> Computing per-step numbers…
      </div>`;
    const train = o.steps.filter((s) => !s.evaluation);
    if (train.length === 0)
      return html`<div class="empty">
        No training steps yet. Charts appear once the first samples of a step arrive.
      </div>`;
    const evals = o.steps.filter((s) => s.evaluation);
    return html`
      ${o.unscanned > 0 ? html`<p class="note">Reading ${o.unscanned.toLocaleString('en-US')} sample bodies: length and error codes fill in as they are read.</p>` : nothing}
      <div class="charts">
        ${specs(o).map(
          (s, i) =>
            html`<figure class="chart">
              <figcaption>${s.title}</figcaption>
              <div data-chart=${i}></div>
            </figure>`,
        )}
      </div>
      ${
        evals.length > 0
          ? html`<h3>Eval points</h3>
              <table class="eval-points">
                <thead>
                  <tr>
                    <th>step</th>
                    <th>samples</th>
                    <th>reward</th>
                    <th>success</th>
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
