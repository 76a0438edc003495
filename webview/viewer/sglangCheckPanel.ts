import * as l10n from '@vscode/l10n';
import { html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import { comparedFields } from '../../src/shared/sglangCheckText';
import type { SglangCheckReport, SglangCheckState } from '../../src/shared/protocol';
import { plain } from './richText';

export interface SglangCheckActions {
  check: () => void;
  connect: () => void;
}

const cell = (text: string) =>
  text === ''
    ? html`<span class="empty-value">${l10n.t('(empty)')}</span>`
    : html`<rs-text .text=${text}></rs-text>`;

function report(r: SglangCheckReport, actions: SglangCheckActions): TemplateResult {
  const release = r.release === null ? l10n.t("The box's SGLang") : l10n.t('SGLang {0}', r.release);
  const agree = r.differences.length === 0;
  return html`<header class="sglang-check-head">
      <span class="codicon codicon-server-environment"></span>
      <span class="replay-title">${plain(l10n.t('{0} on {1}', release, r.box))}</span>
      <span class="turn-index"
        >${r.parser} /
        ${r.reasoningParser}${r.reasoningParser === 'none' ? '' : ` · force_reasoning ${r.forceReasoning ? 'on' : 'off'}`}</span
      >
      <button
        class="link"
        @click=${actions.check}
        title=${l10n.t("Run the box's parsers on this turn again")}
      >
        ${l10n.t('Check again')}
      </button>
    </header>
    ${
      agree
        ? html`<p class="note agree" role="status">
            <span class="codicon codicon-check"></span>
            ${plain(l10n.t('{0} agrees with ours (read like {1}) on this turn.', release, r.ourRelease))}
          </p>`
        : html`<p class="note warn differ" role="status">
            <span class="codicon codicon-warning"></span>
            ${plain(
              r.differences.length === 1
                ? l10n.t(
                    '{0} differs from ours (read like {1}) in 1 field: {2}.',
                    release,
                    r.ourRelease,
                    r.differences.map((d) => d.field).join(', '),
                  )
                : l10n.t(
                    '{0} differs from ours (read like {1}) in {2} fields: {3}.',
                    release,
                    r.ourRelease,
                    r.differences.length,
                    r.differences.map((d) => d.field).join(', '),
                  ),
            )}
          </p>`
    }
    ${
      r.shownRelease !== null
        ? html`<p class="note">
            ${l10n.t(
              "The verdict above reads this turn like SGLang {0}; here ours is read like the box's release, so both sides run the same parsers.",
              r.shownRelease,
            )}
          </p>`
        : nothing
    }
    ${r.raised !== null ? html`<p class="note warn">${plain(l10n.t("SGLang's parser raised: {0}", r.raised))}</p>` : nothing}
    ${r.notes.map((n) => html`<p class="note">${plain(n)}</p>`)}
    <table class="sglang-compare" aria-label=${l10n.t("Ours and SGLang's answer")}>
      <thead>
        <tr>
          <th></th>
          <th>${l10n.t('Ours ({0})', r.ourRelease)}</th>
          <th>${plain(release)}</th>
        </tr>
      </thead>
      <tbody>
        ${comparedFields(r).map(
          (row) =>
            html`<tr class=${row.differs ? 'differs' : 'same'}>
              <th scope="row">
                ${
                  row.differs
                    ? html`<span class="codicon codicon-warning" aria-label=${l10n.t('differs')}></span>`
                    : html`<span class="codicon codicon-check" aria-label=${l10n.t('same')}></span>`
                }
                ${row.label}
              </th>
              <td>${cell(row.ours)}</td>
              <td>${cell(row.theirs)}</td>
            </tr>`,
        )}
      </tbody>
    </table>`;
}

/** A turn's check with the box's SGLang: under way, SGLang's answer beside ours, or why there is none. */
export function sglangCheckPanel(state: SglangCheckState, actions: SglangCheckActions): TemplateResult {
  const body = (() => {
    switch (state.phase) {
      case 'running':
        return html`<p class="note" role="status">
          <span class="codicon codicon-loading codicon-modifier-spin"></span>
          ${state.box ? plain(l10n.t('Running the SGLang parsers installed on {0}…', state.box)) : l10n.t('Choosing a box…')}
        </p>`;
      case 'no-box':
        return html`<p class="note warn" role="status">
          <span class="codicon codicon-warning"></span>
          ${l10n.t('No box is connected, so no SGLang can read this turn.')}
          <button class="link" @click=${actions.connect}>${l10n.t('Connect to a box')}</button
          >${l10n.t(', then')} <button class="link" @click=${actions.check}>${l10n.t('check again')}</button>.
        </p>`;
      case 'failed':
        return html`<p class="note error" role="alert">
          <span class="codicon codicon-error"></span>
          ${plain(state.box ? `${state.box}: ${state.message}` : state.message)}
          <button class="link" @click=${actions.check}>${l10n.t('Try again')}</button>
        </p>`;
      case 'cancelled':
        return html`<p class="note" role="status">
          ${l10n.t('Check cancelled.')}
          <button class="link" @click=${actions.check}>${l10n.t('Check again')}</button>
        </p>`;
      case 'done':
        return report(state.report, actions);
    }
  })();
  return html`<section
    class="sglang-check sglang-check-${state.phase}"
    aria-label=${l10n.t("Check with the box's SGLang")}
  >
    ${body}
  </section>`;
}
