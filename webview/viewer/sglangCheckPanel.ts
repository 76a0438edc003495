import { html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import { comparedFields, sglangCheckSource } from '../../src/shared/sglangCheckText';
import type { SglangCheckReport, SglangCheckState } from '../../src/shared/protocol';
import { plain } from './richText';

export interface SglangCheckActions {
  check: () => void;
  connect: () => void;
}

const cell = (text: string) =>
  text === '' ? html`<span class="empty-value">(empty)</span>` : html`<rs-text .text=${text}></rs-text>`;

function report(r: SglangCheckReport, actions: SglangCheckActions): TemplateResult {
  const release = r.release === null ? "The box's SGLang" : `SGLang ${r.release}`;
  const agree = r.differences.length === 0;
  return html`<header class="sglang-check-head">
      <span class="codicon codicon-server-environment"></span>
      <span class="replay-title">${plain(sglangCheckSource(r))}</span>
      <span class="turn-index"
        >${r.parser} /
        ${r.reasoningParser}${r.reasoningParser === 'none' ? '' : ` · force_reasoning ${r.forceReasoning ? 'on' : 'off'}`}</span
      >
      <button class="link" @click=${actions.check} title="Run the box's parsers on this turn again">
        Check again
      </button>
    </header>
    ${
      agree
        ? html`<p class="note agree" role="status">
            <span class="codicon codicon-check"></span> ${plain(release)} agrees with ours (read like
            ${r.ourRelease}) on this turn.
          </p>`
        : html`<p class="note warn differ" role="status">
            <span class="codicon codicon-warning"></span> ${plain(release)} differs from ours (read like
            ${r.ourRelease}) in ${r.differences.length} field${r.differences.length === 1 ? '' : 's'}:
            ${r.differences.map((d) => d.field).join(', ')}.
          </p>`
    }
    ${
      r.shownRelease !== null
        ? html`<p class="note">
            The verdict above reads this turn like SGLang ${r.shownRelease}; here ours is read like the box's
            release, so both sides run the same parsers.
          </p>`
        : nothing
    }
    ${r.raised !== null ? html`<p class="note warn">${plain(`SGLang's parser raised: ${r.raised}`)}</p>` : nothing}
    ${r.notes.map((n) => html`<p class="note">${plain(n)}</p>`)}
    <table class="sglang-compare" aria-label="Ours and SGLang's answer">
      <thead>
        <tr>
          <th></th>
          <th>Ours (${r.ourRelease})</th>
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
                    ? html`<span class="codicon codicon-warning" aria-label="differs"></span>`
                    : html`<span class="codicon codicon-check" aria-label="same"></span>`
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
          ${state.box ? plain(`Running the SGLang parsers installed on ${state.box}…`) : 'Choosing a box…'}
        </p>`;
      case 'no-box':
        return html`<p class="note warn" role="status">
          <span class="codicon codicon-warning"></span> No box is connected, so no SGLang can read this turn.
          <button class="link" @click=${actions.connect}>Connect to a box</button>, then
          <button class="link" @click=${actions.check}>check again</button>.
        </p>`;
      case 'failed':
        return html`<p class="note error" role="alert">
          <span class="codicon codicon-error"></span>
          ${plain(state.box ? `${state.box}: ${state.message}` : state.message)}
          <button class="link" @click=${actions.check}>Try again</button>
        </p>`;
      case 'cancelled':
        return html`<p class="note" role="status">
          Check cancelled. <button class="link" @click=${actions.check}>Check again</button>
        </p>`;
      case 'done':
        return report(state.report, actions);
    }
  })();
  return html`<section
    class="sglang-check sglang-check-${state.phase}"
    aria-label="Check with the box's SGLang"
  >
    ${body}
  </section>`;
}
