import * as l10n from '@vscode/l10n';
import { html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import type { CreditEntry } from '../../src/core/trajectory/creditMap';
import type { SampleDetail } from '../../src/shared/protocol';
import { bytes, fmt, signed } from './format';
import { plain } from './richText';
import { checkLabel, checkTitle, partialTitle } from './checkWording';
import { discardTitle } from './discardTitle';

const CHECK_KINDS: CreditEntry['kind'][] = ['db', 'env_assertion', 'nl_assertion', 'action', 'communicate'];

const stat = (label: string, value: string, title = '', cls = '') =>
  html`<div class="stat ${cls}" title=${title}>
    <span class="stat-label">${label}</span><span class="stat-value">${plain(value)}</span>
  </div>`;

/**
 * The reward breakdown of a sample: raw and shaped reward, its GRPO advantage inside the group, the
 * recipe's partial score, and tau2's checks, each linked to the turn that earned or lost it.
 */
export function rewardHeader(
  d: SampleDetail,
  goToTurn: (turn: number) => void,
  openSibling: (index: number) => void,
): TemplateResult {
  const { sample, group } = d;
  const r = sample.reward;
  const info = sample.rewardInfo;
  const checks = d.credit.filter((c) => CHECK_KINDS.includes(c.kind));
  const rewardClass = r.raw === 1 ? 'good' : r.raw === 0 ? 'bad' : '';
  return html`<section class="reward-header" aria-label=${l10n.t('Reward breakdown')}>
    <div class="stats">
      ${stat(l10n.t('reward'), fmt(r.raw ?? r.value, 3), l10n.t('Task reward before shaping'), rewardClass)}
      ${r.shaped !== undefined && r.shaped !== null ? stat(l10n.t('shaped'), fmt(r.shaped, 3), l10n.t('Reward after the recipe’s shaping (raw + α·partial score)')) : nothing}
      ${stat(
        l10n.t('advantage'),
        signed(d.advantage),
        l10n.t(
          'GRPO advantage over the {0} reward of the group: (r − mean) / (std + 1e-6), std unbiased as slime computes it',
          group.basis,
        ),
        d.advantage === null ? '' : d.advantage > 0 ? 'good' : d.advantage < 0 ? 'bad' : '',
      )}
      ${stat(
        l10n.t('group {0} mean', group.basis),
        `${fmt(group.mean)} ± ${fmt(group.std)}`,
        group.basis === 'shaped'
          ? l10n.t(
              "The {0} samples of the group: mean ± std of their {1} reward, what GRPO's advantage is taken over (not the task reward shown first)",
              group.size,
              group.basis,
            )
          : l10n.t(
              "The {0} samples of the group: mean ± std of their {1} reward, what GRPO's advantage is taken over",
              group.size,
              group.basis,
            ),
      )}
      ${d.partialScore !== null ? stat(l10n.t('partial credit'), fmt(d.partialScore, 3), partialTitle()) : nothing}
      ${stat(l10n.t('status'), sample.status ?? '—', '', sample.status === 'completed' ? '' : 'warn')}
      ${sample.terminationReason ? stat(l10n.t('ended'), sample.terminationReason) : nothing}
      ${stat(l10n.t('size'), l10n.t('{0} turns · {1}', sample.turns.length, bytes(d.bytes)))}
    </div>
    ${
      d.discarded !== null && d.discarded !== 'zero-std'
        ? html`<p class="note warn">
            <span class="codicon codicon-trash"></span> ${discardTitle(d.discarded)}.
          </p>`
        : nothing
    }
    ${
      group.zeroStd
        ? html`<p class="note warn">
            <span class="codicon codicon-circle-slash"></span>
            ${l10n.t('Every sample in this group has the same reward: the advantages are all zero, so GRPO learns nothing from it.')}
          </p>`
        : nothing
    }
    <div class="group-rewards" aria-label=${l10n.t('Rewards in the group')}>
      <span class="stat-label">${l10n.t('group · {0}', group.basis)}</span>
      ${group.rewards.map((x, i) => {
        const index = group.indexes[i] ?? i;
        return html`<button
          class="reward-pill ${index === d.key.index ? 'current' : ''} ${x === null ? '' : x >= 1 ? 'good' : x <= 0 ? 'bad' : 'mid'}"
          title=${l10n.t('Open sample {0} of this group ({1} reward {2})', index, group.basis, fmt(x, 3))}
          aria-current=${index === d.key.index ? 'true' : 'false'}
          @click=${() => openSibling(index)}
        >
          #${index} ${fmt(x)}
        </button>`;
      })}
    </div>
    ${
      Object.keys(d.partialComponents).length > 0
        ? html`<div class="components" aria-label=${l10n.t('Partial components')}>
            ${Object.entries(d.partialComponents).map(([k, v]) => html`<span class="component"><span>${plain(k)}</span> ${fmt(v)}</span>`)}
          </div>`
        : nothing
    }
    ${
      info
        ? html`<details class="checks" open>
            <summary>
              ${l10n.t('tau2 checks · reward basis {0}', (info.reward_basis ?? ['—']).join(' × '))}
              ${
                info.reward_breakdown
                  ? html`·
                    ${Object.entries(info.reward_breakdown)
                      .map(([k, v]) => `${k} ${fmt(v)}`)
                      .join(' · ')}`
                  : nothing
              }
            </summary>
            <ul>
              ${checks.map(
                (c) =>
                  html`<li
                    class="check ${c.met ? 'met' : 'unmet'} ${c.gates ? 'gates' : 'informative'}"
                    title=${checkTitle(c)}
                  >
                    <span
                      class="codicon ${c.met ? 'codicon-pass' : 'codicon-error'}"
                      aria-label=${c.met ? l10n.t('met') : l10n.t('not met')}
                    ></span>
                    <span class="check-kind">${c.kind.replace('_', ' ')}</span>
                    <span class="check-label">${plain(checkLabel(c))}</span>
                    ${c.gates ? nothing : html`<span class="pill" title=${l10n.t('Not in reward_basis: shown, does not count')}>${l10n.t('info')}</span>`}
                    ${
                      c.disagrees
                        ? html`<span
                            class="pill warn"
                            title=${l10n.t('Matching the turns again disagrees with what tau2 recorded')}
                            >${l10n.t('disagrees')}</span
                          >`
                        : nothing
                    }
                    ${
                      c.turn !== undefined
                        ? html`<button class="link" @click=${() => goToTurn(c.turn!)}>
                            ${l10n.t('turn {0}', c.turn)}
                          </button>`
                        : nothing
                    }
                  </li>`,
              )}
            </ul>
          </details>`
        : nothing
    }
  </section>`;
}
