import * as l10n from '@vscode/l10n';
import { LitElement, html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { Facet, StageCell, StageColumn } from '../../src/core/eval/stageComparison';
import { percent } from '../../src/shared/percent';
import { INITIAL_STATE_ID } from '../../src/shared/protocol';
import type { HostToStageTable, StageTableState, StageTableToHost } from '../../src/shared/protocol';
import { readInitialState, vscodeApi } from '../vscodeApi';

const post = (m: StageTableToHost) => vscodeApi().postMessage(m);
const SHOWN_FACETS: readonly Facet[] = ['decoding', 'k', 'user simulator', 'split', 'tau2-bench commit'];

/**
 * The stage-comparison table in the cookbook's layout: stages as rows; pass@1, then pass@k, each with
 * the overall figure and one column per domain. A cell measured differently from its column is marked
 * and numbered; the notes under the table say what differs. Rendered in light DOM, text only.
 */
@customElement('rs-stage-table')
export class StageTableView extends LitElement {
  @state() private model: StageTableState = readInitialState<StageTableState>(INITIAL_STATE_ID);

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('message', (e: MessageEvent<HostToStageTable>) => {
      if (e.data.type === 'state' && e.data.state.version >= this.model.version) this.model = e.data.state;
    });
    post({ type: 'ready' });
  }

  protected override render(): TemplateResult {
    const { table, problems } = this.model;
    const notes: { stage: string; column: StageColumn; reasons: string[] }[] = [];
    const k = table.k === null ? 'k' : String(table.k);
    const metricLabel = (metric: string) => (metric === 'pass@k' ? `pass@${k}` : metric);
    const groups = [...new Set(table.columns.map((c) => c.metric))];
    return html`
      <header class="stage-toolbar">
        <h1>${l10n.t('Stage comparison')}</h1>
        <span class="stage-sub"
          >${l10n.t('tau2-bench; pass@k = any success among k attempts, pass^k under it')}</span
        >
        <button class="action" @click=${() => post({ type: 'refresh' })}>${l10n.t('Refresh')}</button>
      </header>
      ${
        table.rows.length === 0
          ? html`<p class="stage-empty">
              ${l10n.t(
                'No finished eval runs on the connected boxes. Evaluate a checkpoint (Rollout Studio: Evaluate Checkpoint) and come back when it ends.',
              )}
            </p>`
          : html`<table class="stage-table">
              <thead>
                <tr>
                  <th rowspan="2" scope="col">${l10n.t('Stage')}</th>
                  ${groups.map(
                    (m) =>
                      html`<th scope="colgroup" colspan=${table.columns.filter((c) => c.metric === m).length}>
                        ${metricLabel(m)}
                      </th>`,
                  )}
                </tr>
                <tr>
                  ${table.columns.map(
                    (c) => html`<th scope="col" title=${describeReference(c)}>${capitalize(c.domain)}</th>`,
                  )}
                </tr>
              </thead>
              <tbody>
                ${table.rows.map(
                  (row) =>
                    html`<tr>
                      <th scope="row">${row.stage}</th>
                      ${table.columns.map((c) => {
                        const cell = row.cells[c.key];
                        if (!cell) return html`<td class="stage-missing">—</td>`;
                        if (cell.notComparable.length > 0)
                          notes.push({ stage: row.stage, column: c, reasons: cell.notComparable });
                        return this.cell(cell, c, k, notes.length);
                      })}
                    </tr>`,
                )}
              </tbody>
            </table>`
      }
      ${
        notes.length > 0
          ? html`<ol class="stage-notes" aria-label=${l10n.t('Cells not comparable')}>
              ${notes.map(
                (n) =>
                  html`<li>
                    <strong>${n.stage} · ${metricLabel(n.column.metric)} ${n.column.domain}</strong>
                    ${l10n.t('is not comparable: {0}.', n.reasons.join('; '))}
                  </li>`,
              )}
            </ol>`
          : nothing
      }
      ${groups.map((m) => {
        const overall = table.columns.find((c) => c.metric === m && c.domain === 'overall');
        return overall && Object.keys(overall.reference).length > 0
          ? html`<p class="stage-reference">
              ${l10n.t('{0} measured with {1}', metricLabel(m), describeReference(overall))}
            </p>`
          : nothing;
      })}
      ${
        problems.length > 0
          ? html`<section class="stage-problems">
              <h2>${l10n.t('Eval runs not read')}</h2>
              <ul>
                ${problems.map((p) => html`<li>${p}</li>`)}
              </ul>
            </section>`
          : nothing
      }
    `;
  }

  private cell(cell: StageCell, column: StageColumn, k: string, note: number): TemplateResult {
    const marked = cell.notComparable.length > 0;
    const settings = SHOWN_FACETS.flatMap((f) => (cell.facets[f] ? [`${f}: ${cell.facets[f]}`] : []));
    const title = [
      ...(marked ? [l10n.t('Not comparable:'), ...cell.notComparable, ''] : []),
      ...settings,
      cell.runDir,
    ].join('\n');
    return html`<td class=${marked ? 'stage-cell not-comparable' : 'stage-cell'} title=${title}>
      <span class="stage-value">${percent(cell.value)}</span>
      ${
        marked
          ? html`<span class="stage-mark" aria-label=${l10n.t('not comparable, note {0}', note)}
              ><i class="codicon codicon-warning"></i><sup>${note}</sup></span
            >`
          : nothing
      }
      ${
        column.metric === 'pass@k' && cell.passHatK !== null
          ? html`<span class="stage-hat">pass^${k} ${percent(cell.passHatK)}</span>`
          : nothing
      }
    </td>`;
  }
}

function describeReference(column: StageColumn): string {
  return SHOWN_FACETS.flatMap((f) => (column.reference[f] ? [`${column.reference[f]}`] : [])).join(' · ');
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

declare global {
  interface HTMLElementTagNameMap {
    'rs-stage-table': StageTableView;
  }
}
