import * as l10n from '@vscode/l10n';
import { html } from 'lit';
import type { TemplateResult } from 'lit';
import { plain } from './richText';

/** A cell of a chart's table: numbers are shown as given, so what is copied is what was drawn. */
export type ChartCell = string | number | null;

/**
 * A chart's text alternative: its numbers as a table behind a toggle, for screen readers and for copying
 * into a notebook or a bug report. A native <details> is the toggle, so keyboard and screen readers
 * announce it as one without any script. Cells are text, never HTML: run and span names come from the
 * run, so invisible and bidi characters are shown as tokens as everywhere else; null reads as "—".
 */
export function chartTable(
  caption: string,
  columns: readonly string[],
  rows: readonly (readonly ChartCell[])[],
): TemplateResult {
  return html`<details class="chart-table">
    <summary>
      ${l10n.t('Table')}
      <span class="note">(${rows.length === 1 ? l10n.t('1 row') : l10n.t('{0} rows', rows.length)})</span>
    </summary>
    <table>
      <caption>
        ${caption}
      </caption>
      <thead>
        <tr>
          ${columns.map((c) => html`<th scope="col">${plain(c)}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${rows.map(
          (r) =>
            html`<tr>
              ${r.map((c) => html`<td>${c === null ? '—' : typeof c === 'string' ? plain(c) : c}</td>`)}
            </tr>`,
        )}
      </tbody>
    </table>
  </details>`;
}
