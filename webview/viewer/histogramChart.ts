import * as l10n from '@vscode/l10n';
import { html, svg } from 'lit';
import type { TemplateResult } from 'lit';
import type { Distribution, StepHistogram } from '../../src/shared/protocol';
import { chartTable } from './chartTable';
import { fmt } from './format';

// TensorBoard's histogram view in its "offset" mode: one outline per training step, older steps behind
// and above, the newest in front at the bottom, so a drifting distribution reads as a slope.

const W = 320;
const AMPLITUDE = 44;
const AXIS = 16;
/** More ridges than this blur into one another; the steps shown are spread evenly and keep the last. */
const MAX_RIDGES = 40;

/** The steps drawn: all of them, or MAX_RIDGES spread evenly from the first to the last. */
export function ridgeSteps<T>(steps: readonly T[], max = MAX_RIDGES): T[] {
  if (steps.length <= max) return [...steps];
  return Array.from({ length: max }, (_, i) => steps[Math.round((i * (steps.length - 1)) / (max - 1))]!);
}

/** What a bin holds, as a reader would say it: "3" for a whole-number bin of width one, else "[a, b)". */
function binLabel(d: Distribution, i: number): string {
  const a = d.edges[i]!;
  const b = d.edges[i + 1]!;
  if (d.integer) return b - a === 1 ? String(a) : `${a}–${b - 1}`;
  return `[${fmt(a, 3)}, ${fmt(b, 3)}${i === d.edges.length - 2 ? ']' : ')'}`;
}

function describe(s: StepHistogram): string {
  return l10n.t(
    'step {0}: {1} samples, min {2}, median {3}, max {4}',
    s.step,
    s.n,
    fmt(s.min, 3),
    fmt(s.median, 3),
    fmt(s.max, 3),
  );
}

/**
 * One quantity's per-step histograms as a ridgeline chart, with its numbers in a table behind a toggle.
 * A click on a step's outline filters the sample table to that step (the `filter-step` event).
 */
export function histogramChart(
  title: string,
  d: Distribution | null,
  onStep: (step: number) => void,
): TemplateResult {
  if (!d || d.steps.length === 0)
    return html`<figure class="chart histogram" data-histogram=${title}>
      <figcaption>${title}</figcaption>
      <p class="note">${l10n.t('No values yet.')}</p>
    </figure>`;
  const shown = ridgeSteps(d.steps);
  const gap = shown.length === 1 ? 0 : Math.min(10, 110 / (shown.length - 1));
  const height = AMPLITUDE + gap * (shown.length - 1) + AXIS + 4;
  const bins = d.edges.length - 1;
  const plotW = W - 40;
  const density = (s: StepHistogram, i: number) => s.counts[i]! / s.n;
  const peak = Math.max(1e-9, ...shown.flatMap((s) => s.counts.map((_, i) => density(s, i))));
  const x = (i: number) => (i / bins) * plotW;
  const ridge = (s: StepHistogram, k: number) => {
    const base = 4 + AMPLITUDE + gap * k;
    // The outline of the step's bars: flat across each bin, so a bin's height is its share of the step.
    const points = s.counts.flatMap((_, i) => {
      const y = base - (density(s, i) / peak) * AMPLITUDE;
      return [`${x(i)},${y}`, `${x(i + 1)},${y}`];
    });
    const newest = k === shown.length - 1;
    return svg`<g class="ridge ${newest ? 'newest' : ''}" data-step=${s.step} @click=${() => onStep(s.step)}>
      <title>${l10n.t('{0}. Click to filter the sample table to this step.', describe(s))}</title>
      <polygon points=${`0,${base} ${points.join(' ')} ${plotW},${base}`}
        stroke-opacity=${0.35 + (0.65 * (k + 1)) / shown.length}></polygon>
      ${newest || k % Math.ceil(shown.length / 6) === 0 ? svg`<text class="ridge-step" x=${plotW + 4} y=${base}>${s.step}</text>` : null}
    </g>`;
  };
  const axisY = height - AXIS + 12;
  const last = d.integer ? d.edges[bins]! - 1 : d.edges[bins]!;
  return html`<figure class="chart histogram" data-histogram=${title}>
    <figcaption>${title}</figcaption>
    <svg
      class="ridges"
      viewBox="0 0 ${W} ${height}"
      role="img"
      aria-label=${l10n.t(
        "{0}: {1} steps drawn, from step {2} (back) to step {3} (front). The table below has every step's numbers.",
        title,
        shown.length,
        shown[0]!.step,
        shown.at(-1)!.step,
      )}
    >
      ${shown.map(ridge)}
      <text class="axis-label" x="0" y=${axisY}>${fmt(d.edges[0]!, 2)}</text>
      <text class="axis-label" x=${plotW} y=${axisY} text-anchor="end">${fmt(last, 2)}</text>
      <text class="axis-label" x=${W} y="10" text-anchor="end">${l10n.t('step')}</text>
    </svg>
    ${chartTable(
      l10n.t('{0}: samples per bin for each training step', title),
      [
        l10n.t('step'),
        l10n.t('samples'),
        l10n.t('min'),
        l10n.t('median'),
        l10n.t('max'),
        ...Array.from({ length: bins }, (_, i) => binLabel(d, i)),
      ],
      d.steps.map((s) => [s.step, s.n, fmt(s.min, 3), fmt(s.median, 3), fmt(s.max, 3), ...s.counts]),
    )}
  </figure>`;
}
