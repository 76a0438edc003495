import * as l10n from '@vscode/l10n';
import { html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import type { SampleDetail } from '../../src/shared/protocol';
import type { ActualCall, AlignedRow } from './actionAlignment';
import { alignActions } from './actionAlignment';
import { plain } from './richText';

// Titles are functions, read when the rows render: after the webview's l10n bundle is loaded.
const STATUS: Record<AlignedRow['status'], { icon: string; title: () => string }> = {
  matched: { icon: 'codicon-pass', title: () => l10n.t('The agent made the expected call') },
  missing: {
    icon: 'codicon-circle-slash',
    title: () => l10n.t('Expected by the task; the agent never made this call'),
  },
  dropped: {
    icon: 'codicon-warning',
    title: () =>
      l10n.t(
        "The agent wrote this call, but SGLang's tool-call parser dropped it: see the turn's diagnostics",
      ),
  },
  extra: { icon: 'codicon-add', title: () => l10n.t('A call the task did not expect') },
  conversation: {
    icon: 'codicon-comment',
    title: () => l10n.t('Talking to the user or ending the episode: not an action'),
  },
};

const turnLink = (turn: number, goToTurn: (turn: number) => void) =>
  html`<button class="link" @click=${() => goToTurn(turn)}>${l10n.t('turn {0}', turn)}</button>`;

const callText = (c: ActualCall) =>
  `${c.requestor === 'user' ? l10n.t('user: ') : ''}${c.name}(${JSON.stringify(c.arguments ?? {})})`;

/**
 * The credit map made visible: the task's expected actions beside the agent's calls in the order it made
 * them, each matched, missing or extra, and every call one click from its turn. Collapsed at first: the
 * summary line already gives the counts, and the turns keep the room.
 */
export function expectedActions(
  d: SampleDetail,
  goToTurn: (turn: number) => void,
): TemplateResult | typeof nothing {
  if (!d.credit.some((c) => c.kind === 'action')) return nothing;
  const rows = alignActions(d.sample.turns, d.credit);
  const count = (s: AlignedRow['status']) => rows.filter((r) => r.status === s).length;
  return html`<details class="expected-actions">
    <summary>
      ${l10n.t('Expected vs actual · {0} matched ·', count('matched'))}
      ${count('dropped') > 0 ? html`${l10n.t('{0} dropped by the parser ·', count('dropped'))}` : nothing}
      ${l10n.t('{0} missing · {1} extra', count('missing'), count('extra'))}
    </summary>
    <div class="aligned" role="table" aria-label=${l10n.t("Expected actions beside the agent's calls")}>
      <div class="aligned-row head" role="row">
        <span role="columnheader"></span><span role="columnheader">${l10n.t('expected (tau2 task)')}</span
        ><span role="columnheader">${l10n.t("agent's call")}</span><span role="columnheader"></span>
      </div>
      ${rows.map(
        (r) =>
          html`<div class="aligned-row ${r.status}" role="row">
            <span
              role="cell"
              class="codicon ${STATUS[r.status].icon}"
              title=${STATUS[r.status].title()}
              aria-label=${r.status}
            ></span>
            <span role="cell" class="expected">
              ${'expected' in r ? plain(r.expected.label) : nothing}
              ${'expected' in r && !r.expected.gates ? html`<span class="pill" title=${l10n.t('Not in reward_basis: shown, does not count')}>${l10n.t('info')}</span>` : nothing}
              ${
                'expected' in r && r.expected.disagrees
                  ? html`<span
                      class="pill warn"
                      title=${l10n.t('Matching the turns again disagrees with what tau2 recorded')}
                      >${l10n.t('disagrees')}</span
                    >`
                  : nothing
              }
            </span>
            <span role="cell" class="actual"
              >${
                'actual' in r
                  ? plain(callText(r.actual))
                  : html`<span class="status-word"
                      >${r.status === 'dropped' ? l10n.t('dropped by the parser') : r.status}</span
                    >`
              }</span
            >
            <span role="cell">
              ${'actual' in r || r.status === 'dropped' ? turnLink('actual' in r ? r.actual.turn : r.turn, goToTurn) : nothing}
            </span>
          </div>`,
      )}
    </div>
  </details>`;
}
