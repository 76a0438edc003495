import * as l10n from '@vscode/l10n';
import { LitElement, html, nothing } from 'lit';
import type { PropertyValues, TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import uPlot from 'uplot';
import type { GpuReading } from '../../src/core/infra/gpuReadings';
import type { RunInfra } from '../../src/shared/protocol';
import { stepAt } from '../../src/shared/stepEnds';
import { CHART_LEGEND } from './chartLegend';
import { chartTable } from './chartTable';
import { stepMarks } from './stepMarks';
import type { ViewerClient } from './rpc';

/** How often the overview asks; each ask also keeps the run's GPUs sampled (the host's lease). */
const POLL_MS = 5_000;
/** Readings listed in the table: the newest, as a long run has thousands. */
const TABLE_ROWS = 500;

const themeColor = (name: string, fallback: string) =>
  getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;

const clock = (t: number) => new Date(t).toLocaleTimeString('en-GB', { hour12: false });

interface GpuChart {
  /** A function, read when the chart renders: after the webview's l10n bundle is loaded. */
  title: () => string;
  unit: string;
  value: (g: GpuReading['gpus'][number]) => number | null;
}

const CHARTS: GpuChart[] = [
  { title: () => l10n.t('GPU utilisation (%)'), unit: '%', value: (g) => g.utilPercent },
  {
    title: () => l10n.t('GPU memory used (GiB)'),
    unit: 'GiB',
    value: (g) => (g.memUsedMiB === null ? null : Math.round((g.memUsedMiB / 1024) * 10) / 10),
  },
];

/**
 * Infrastructure over the run's life: each GPU's use and memory from nvidia-smi readings taken while the
 * run was live and shown (one line per GPU on the wall clock), and the run's W&B page when slime announced
 * one. It asks the host every few seconds while it is on screen and the window is visible.
 */
@customElement('rs-infra')
export class InfraPanel extends LitElement {
  @property({ attribute: false }) client: ViewerClient | undefined;
  @property({ attribute: false }) runKey: string | undefined;
  @state() private data: RunInfra | undefined;
  @state() private error: string | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;
  private plots: uPlot[] = [];
  private shape = '';
  private readonly onVisibility = () => this.schedule();

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('visibilitychange', this.onVisibility);
    this.schedule();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('visibilitychange', this.onVisibility);
    clearInterval(this.timer);
    this.timer = undefined;
    for (const p of this.plots) p.destroy();
    this.plots = [];
    this.shape = '';
  }

  /** Polls while the window is visible: a hidden window should not keep the box's GPUs sampled. */
  private schedule(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    if (document.visibilityState === 'hidden') return;
    void this.fetch();
    this.timer = setInterval(() => void this.fetch(), POLL_MS);
  }

  private async fetch(): Promise<void> {
    const { client, runKey } = this;
    if (!client || !runKey) return;
    try {
      const data = await client.request('infra', { runKey });
      if (runKey !== this.runKey) return;
      this.data = data;
      this.error = undefined;
    } catch (e) {
      this.error = (e as Error).message;
    }
  }

  protected override updated(changed: PropertyValues): void {
    if (changed.has('runKey') && changed.get('runKey') !== undefined) {
      this.data = undefined;
      this.schedule();
    }
    if (changed.has('data')) this.draw();
  }

  private draw(): void {
    const readings = this.data?.gpu ?? [];
    const gpus = Math.max(0, ...readings.map((r) => r.gpus.length));
    const xs = readings.map((r) => r.t / 1000);
    const shape = JSON.stringify([gpus, Math.round(this.clientWidth)]);
    const columns = CHARTS.map((c) =>
      Array.from({ length: gpus }, (_, i) => readings.map((r) => (r.gpus[i] ? c.value(r.gpus[i]) : null))),
    );
    if (readings.length === 0) {
      for (const p of this.plots) p.destroy();
      this.plots = [];
      this.shape = '';
      return;
    }
    if (shape === this.shape && this.plots.length === CHARTS.length) {
      this.plots.forEach((p, i) => p.setData([xs, ...columns[i]!] as uPlot.AlignedData));
      return;
    }
    for (const p of this.plots) p.destroy();
    this.plots = [];
    this.shape = shape;
    const palette = [
      themeColor('--vscode-charts-blue', '#3794ff'),
      themeColor('--vscode-charts-green', '#89d185'),
      themeColor('--vscode-charts-orange', '#d18616'),
      themeColor('--vscode-charts-purple', '#b180d7'),
      themeColor('--vscode-charts-yellow', '#cca700'),
      themeColor('--vscode-charts-red', '#f14c4c'),
    ];
    const axisColor = themeColor('--vscode-descriptionForeground', '#999');
    const gridColor = themeColor('--vscode-editorWidget-border', 'rgba(128,128,128,0.25)');
    CHARTS.forEach((chart, k) => {
      const host = this.querySelector<HTMLElement>(`[data-infra-chart="${k}"]`);
      if (!host) return;
      this.plots.push(
        new uPlot(
          {
            width: Math.max(260, host.clientWidth),
            height: 150,
            legend: CHART_LEGEND,
            plugins: [stepMarks(() => this.data?.stepEnds ?? [], axisColor)],
            cursor: { drag: { x: false, y: false } },
            scales: { x: { time: true }, y: k === 0 ? { range: [0, 100] } : {} },
            axes: [
              { stroke: axisColor, grid: { stroke: gridColor, width: 1 }, ticks: { stroke: gridColor } },
              {
                stroke: axisColor,
                grid: { stroke: gridColor, width: 1 },
                ticks: { stroke: gridColor },
                size: 48,
              },
            ],
            series: [
              { label: l10n.t('time') },
              ...Array.from({ length: gpus }, (_, i) => ({
                label: l10n.t('GPU {0}', i),
                stroke: palette[i % palette.length]!,
                // Past six GPUs the colours come round again; a dash tells those lines apart.
                dash: i >= palette.length ? [5, 3] : undefined,
                width: 1.25,
                points: { show: false },
              })),
            ],
          },
          [xs, ...columns[k]!] as uPlot.AlignedData,
          host,
        ),
      );
    });
  }

  protected override render(): TemplateResult {
    const d = this.data;
    if (!d) return html`${nothing}`;
    const readings = d.gpu;
    const gpus = Math.max(0, ...readings.map((r) => r.gpus.length));
    const shown = readings.slice(-TABLE_ROWS);
    const ends = d.stepEnds;
    const stepOf = (t: number) => {
      const s = stepAt(ends, t);
      return s === null ? null : s.past ? l10n.t('after {0}', s.step) : String(s.step);
    };
    return html`<section class="infra" aria-label=${l10n.t('Infrastructure')}>
      <h3>
        ${l10n.t('Infrastructure')}
        <span class="note"
          >${d.sampling ? l10n.t('sampling nvidia-smi every few seconds while this overview is open') : l10n.t('GPU readings taken while the run was live')}</span
        >
      </h3>
      ${
        d.wandbUrl
          ? html`<p class="wandb-link">
              ${l10n.t('W&B run:')}
              <a href=${d.wandbUrl} title=${l10n.t("Opens the run's page in the browser")}>${d.wandbUrl}</a>
            </p>`
          : nothing
      }
      ${d.gpuNote ? html`<p class="note gpu-note">${d.gpuNote}</p>` : nothing}
      ${this.error ? html`<p class="note gpu-note">${l10n.t('The GPU readings could not be read: {0}', this.error)}</p>` : nothing}
      ${
        readings.length > 0
          ? html`<div class="charts gpu-charts">
              ${CHARTS.map(
                (c, k) =>
                  html`<figure class="chart gpu-chart" data-gpu-chart=${c.unit}>
                    <figcaption>
                      ${c.title()}
                      ${ends.length > 0 ? html`<span class="note">${l10n.t('dashed line N: where step N ended')}</span>` : nothing}
                    </figcaption>
                    <div data-infra-chart=${k}></div>
                    ${chartTable(
                      readings.length > shown.length
                        ? l10n.t(
                            '{0} per GPU at each reading (the newest {1} of {2})',
                            c.title(),
                            shown.length,
                            readings.length,
                          )
                        : l10n.t('{0} per GPU at each reading', c.title()),
                      [
                        l10n.t('time'),
                        ...(ends.length > 0 ? [l10n.t('step')] : []),
                        ...Array.from({ length: gpus }, (_, i) => l10n.t('GPU {0}', i)),
                      ],
                      shown.map((r) => [
                        clock(r.t),
                        ...(ends.length > 0 ? [stepOf(r.t)] : []),
                        ...Array.from({ length: gpus }, (_, i) => (r.gpus[i] ? c.value(r.gpus[i]) : null)),
                      ]),
                    )}
                  </figure>`,
              )}
            </div>`
          : nothing
      }
    </section>`;
  }
}
