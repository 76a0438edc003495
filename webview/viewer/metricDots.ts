import * as l10n from '@vscode/l10n';
import { html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import type { RowScales, SampleRow } from '../../src/shared/protocol';
import { describeScale } from '../../src/shared/rewardScale';
import { fmt } from './format';
import { level } from '../../src/shared/metricLevel';

// Colour-coded dots in the sample table: reward and shaped reward from red to green over the range the
// run declares or else the run's observed range, advantage from red through grey to green around zero,
// length from faint to strong, and tool-call diagnostics red (errors) or yellow (warnings only).

export function rewardDot(
  value: number | null,
  scale: RowScales['reward'],
  what: string,
): TemplateResult | typeof nothing {
  if (value === null || scale === null) return nothing;
  return html`<span
    class="dot scale-${level(value, scale.min, scale.max, 11)}"
    title=${l10n.t('{0} {1} · scale: {2}', what, fmt(value), describeScale(scale))}
  ></span>`;
}

export function advantageDot(
  value: number | null,
  scale: RowScales['advantage'],
): TemplateResult | typeof nothing {
  if (value === null || scale === null) return nothing;
  return html`<span
    class="dot diverging-${level(value, -scale.maxAbs, scale.maxAbs, 11)}"
    title=${l10n.t("advantage {0}; the run's advantages reach ±{1}", fmt(value), fmt(scale.maxAbs))}
  ></span>`;
}

export function lengthDot(row: SampleRow, scale: RowScales['length']): TemplateResult | typeof nothing {
  if (row.length === null || scale === null) return nothing;
  return html`<span
    class="dot length-${level(row.length, 0, scale.max, 6)}"
    title=${l10n.t("{0} {1} of the run's longest {2}", row.length, row.lengthUnit ?? '', scale.max)}
  ></span>`;
}

export function diagnosticDot(row: SampleRow): TemplateResult | typeof nothing {
  if (row.errors === null || row.warnings === null || row.errors + row.warnings === 0) return nothing;
  return html`<span
    class="dot ${row.errors > 0 ? 'diag-error' : 'diag-warning'}"
    title=${l10n.t('{0} tool-call error(s), {1} warning(s)', row.errors, row.warnings)}
  ></span>`;
}
