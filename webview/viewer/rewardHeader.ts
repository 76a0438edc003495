import { html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import type { CreditEntry } from '../../src/core/trajectory/creditMap';
import type { SampleDetail } from '../../src/shared/protocol';
import { bytes, fmt, signed } from './format';
import { plain } from './richText';
import { checkLabel, checkTitle, PARTIAL_TITLE } from './checkWording';
import { DISCARD_TITLE } from './discardTitle';

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
  return html`<section class="reward-header" aria-label="Reward breakdown">
    <div class="stats">
      ${stat('reward', fmt(r.raw ?? r.value, 3), 'Task reward before shaping', rewardClass)}
      ${r.shaped !== undefined && r.shaped !== null ? stat('shaped', fmt(r.shaped, 3), 'Reward after the recipe’s shaping (raw + α·partial score)') : nothing}
      ${stat(
        'advantage',
        signed(d.advantage),
        `GRPO advantage over the ${group.basis} reward of the group: (r − mean) / (std + 1e-6), std unbiased as slime computes it`,
        d.advantage === null ? '' : d.advantage > 0 ? 'good' : d.advantage < 0 ? 'bad' : '',
      )}
      ${stat(
        `group ${group.basis} mean`,
        `${fmt(group.mean)} ± ${fmt(group.std)}`,
        `The ${group.size} samples of the group: mean ± std of their ${group.basis} reward, what GRPO's advantage is taken over${group.basis === 'shaped' ? ' (not the task reward shown first)' : ''}`,
      )}
      ${d.partialScore !== null ? stat('partial credit', fmt(d.partialScore, 3), PARTIAL_TITLE) : nothing}
      ${stat('status', sample.status ?? '—', '', sample.status === 'completed' ? '' : 'warn')}
      ${sample.terminationReason ? stat('ended', sample.terminationReason) : nothing}
      ${stat('size', `${sample.turns.length} turns · ${bytes(d.bytes)}`)}
    </div>
    ${
      d.discarded !== null && d.discarded !== 'zero-std'
        ? html`<p class="note warn">
            <span class="codicon codicon-trash"></span> ${DISCARD_TITLE[d.discarded]}.
          </p>`
        : nothing
    }
    ${
      group.zeroStd
        ? html`<p class="note warn">
            <span class="codicon codicon-circle-slash"></span> Every sample in this group has the same reward:
            the advantages are all zero, so GRPO learns nothing from it.
          </p>`
        : nothing
    }
    <div class="group-rewards" aria-label="Rewards in the group">
      <span class="stat-label">group · ${group.basis}</span>
      ${group.rewards.map((x, i) => {
        const index = group.indexes[i] ?? i;
        return html`<button
          class="reward-pill ${index === d.key.index ? 'current' : ''} ${x === null ? '' : x >= 1 ? 'good' : x <= 0 ? 'bad' : 'mid'}"
          title="Open sample ${index} of this group (${group.basis} reward ${fmt(x, 3)})"
          aria-current=${index === d.key.index ? 'true' : 'false'}
          @click=${() => openSibling(index)}
        >
          #${index} ${fmt(x)}
        </button>`;
      })}
    </div>
    ${
      Object.keys(d.partialComponents).length > 0
        ? html`<div class="components" aria-label="Partial components">
            ${Object.entries(d.partialComponents).map(([k, v]) => html`<span class="component"><span>${plain(k)}</span> ${fmt(v)}</span>`)}
          </div>`
        : nothing
    }
    ${
      info
        ? html`<details class="checks" open>
            <summary>
              tau2 checks · reward basis ${(info.reward_basis ?? ['—']).join(' × ')}
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
                      aria-label=${c.met ? 'met' : 'not met'}
                    ></span>
                    <span class="check-kind">${c.kind.replace('_', ' ')}</span>
                    <span class="check-label">${plain(checkLabel(c))}</span>
                    ${c.gates ? nothing : html`<span class="pill" title="Not in reward_basis: shown, does not count">info</span>`}
                    ${c.disagrees ? html`<span class="pill warn" title="Matching the turns again disagrees with what tau2 recorded">disagrees</span>` : nothing}
                    ${
                      c.turn !== undefined
                        ? html`<button class="link" @click=${() => goToTurn(c.turn!)}>turn ${c.turn}</button>`
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
