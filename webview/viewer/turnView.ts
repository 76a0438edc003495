import * as l10n from '@vscode/l10n';
import { html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import type { CreditEntry } from '../../src/core/trajectory/creditMap';
import type { Turn } from '../../src/core/trajectory/turn';
import type { RenderOptions, ReplayState, SglangCheckState } from '../../src/shared/protocol';
import { DEFAULT_RENDER } from '../../src/shared/protocol';
import { markdownView } from './markdownView';
import { prettyJson } from './prettyCode';
import { replayPanel } from './replayPanel';
import type { ReplayActions } from './replayPanel';
import { plain } from './richText';
import { sglangCheckPanel } from './sglangCheckPanel';
import type { SglangCheckActions } from './sglangCheckPanel';
import { blockCard, diagnosticList, recordedCallCard } from './toolCallCard';
import { callBlocks, looseDiagnostics } from './toolCallBlocks';
import { checkLabel, checkTitle } from './checkWording';

export interface TurnActions {
  openInEditor?: (turn: number) => void;
  /** Replay on policy server, for assistant turns; state is the turn's latest replay. */
  replay?: ReplayActions & { state: ReplayState | undefined };
  /** Check with the box's SGLang, for assistant turns; state is the turn's latest check. */
  sglangCheck?: SglangCheckActions & { state: SglangCheckState | undefined };
}

export interface TurnRender {
  options: RenderOptions;
  /** Characters per token for the per-turn estimate; null hides it (see tokenRate). */
  charsPerToken: number | null;
  /** Whether charsPerToken comes from the record's own token count. */
  calibrated: boolean;
}

const PLAIN: TurnRender = { options: DEFAULT_RENDER, charsPerToken: null, calibrated: false };

/**
 * Records carry the response's token count, not each turn's, and the webview has no tokenizer: a turn's
 * tokens are estimated from its characters at the sample's own rate (response tokens over assistant
 * characters) when the record has one, else at 3.6 characters a token, Qwen's rough rate on English and JSON.
 */
export function tokenRate(turns: readonly Turn[], responseTokens: number | undefined): number {
  const chars = turns.filter((t) => t.role === 'assistant').reduce((n, t) => n + t.text.length, 0);
  return responseTokens && chars > 0 ? chars / responseTokens : 3.6;
}

/** A message's text under the render toggles: JSON formatted, Markdown read, or verbatim. */
function textView(text: string, options: RenderOptions): TemplateResult {
  const pretty = options.code ? prettyJson(text) : null;
  if (pretty !== null) return html`<rs-text class="pretty" .text=${pretty}></rs-text>`;
  return options.markdown ? markdownView(text) : html`<rs-text .text=${text}></rs-text>`;
}

export const ROLE_ICON: Record<Turn['role'], string> = {
  system: 'codicon-settings-gear',
  user: 'codicon-account',
  assistant: 'codicon-hubot',
  tool: 'codicon-output',
  environment: 'codicon-globe',
};

export const roleLabel = (t: Turn) =>
  t.role !== 'tool' ? t.role : t.toolName ? l10n.t('tool result · {0}', t.toolName) : l10n.t('tool result');

/** Credit entries tau2 pinned on this turn, drawn on it: what it earned (✓) or where it fell short (✗). */
function creditBadges(credits: readonly CreditEntry[]): TemplateResult | typeof nothing {
  const shown = credits.filter((c) => c.kind === 'action' || c.kind === 'communicate');
  if (shown.length === 0) return nothing;
  return html`<div class="credits">
    ${shown.map(
      (c) =>
        html`<span class="credit ${c.met ? 'met' : 'unmet'} ${c.gates ? 'gates' : ''}" title=${checkTitle(c)}
          ><span class="codicon ${c.met ? 'codicon-pass' : 'codicon-circle-slash'}"></span>${c.kind}:
          ${plain(checkLabel(c))}</span
        >`,
    )}
  </div>`;
}

function assistantBody(
  turn: Turn,
  index: number,
  actions: TurnActions,
  options: RenderOptions,
): TemplateResult {
  const analysis = turn.analysis;
  if (!analysis) {
    return html`${turn.text.trim() !== '' ? textView(turn.text, options) : nothing}
    ${turn.toolCalls.map((c, i) => recordedCallCard(c, i))}`;
  }
  const { verdict } = analysis;
  const blocks = callBlocks(turn.text, analysis);
  const loose = looseDiagnostics(analysis, blocks);
  // With calls parsed, SGLang's content is the text around them; the blocks get their own cards.
  const content =
    blocks.length > 0 && verdict.calls.length > 0
      ? verdict.content
      : blocks.length > 0
        ? null
        : verdict.content;
  return html`
    ${
      verdict.reasoning !== null
        ? html`<details class="reasoning" ?open=${options.think}>
            <summary>
              ${l10n.t('Reasoning · {0} characters', verdict.reasoning.length.toLocaleString('en-US'))}
            </summary>
            ${textView(verdict.reasoning, options)}
          </details>`
        : nothing
    }
    ${content !== null && content.trim() !== '' ? textView(content, options) : nothing}
    ${blocks.map((b, i) => blockCard(turn.text, b, i))} ${diagnosticList(loose)}
    <div class="verdict-line">
      ${l10n.t('SGLang returns finish_reason')} <code>${verdict.finishReason}</code>
      ${
        verdict.calls.length === 0
          ? l10n.t('and no tool calls')
          : verdict.calls.length === 1
            ? l10n.t('and 1 tool call')
            : l10n.t('and {0} tool calls', verdict.calls.length)
      }
      (${verdict.parser} / ${verdict.reasoningParser})
      ${
        actions.openInEditor
          ? html`<button
              class="link"
              @click=${() => actions.openInEditor?.(index)}
              title=${l10n.t('Open the raw turn in an editor with squiggles and hovers')}
            >
              <span class="codicon codicon-go-to-file"></span> ${l10n.t('Open turn in editor')}
            </button>`
          : nothing
      }
    </div>
    ${
      analysis.diagnostics.length > 0 && loose.length > 0
        ? html`<details class="raw-turn" open>
            <summary>${l10n.t('Raw turn text')}</summary>
            <rs-text .text=${turn.text} .marks=${analysis.diagnostics}></rs-text>
          </details>`
        : nothing
    }
  `;
}

export function turnView(
  turn: Turn,
  index: number,
  credits: readonly CreditEntry[],
  actions: TurnActions,
  highlighted = false,
  render: TurnRender = PLAIN,
): TemplateResult {
  const errors = turn.analysis?.diagnostics.filter((d) => d.severity === 'error').length ?? 0;
  const trainable =
    turn.trainable === undefined
      ? nothing
      : html`<span
          class="pill ${turn.trainable ? 'trained' : 'untrained'}"
          title=${turn.trainable ? l10n.t('Loss mask 1: the policy was trained on these tokens') : l10n.t('Loss mask 0: not trained on')}
          >${turn.trainable ? l10n.t('trained') : l10n.t('not trained')}</span
        >`;
  const body =
    turn.role === 'assistant'
      ? assistantBody(turn, index, actions, render.options)
      : turn.role === 'system'
        ? html`<details class="system">
            <summary>
              ${l10n.t('System prompt · {0} characters', turn.text.length.toLocaleString('en-US'))}
            </summary>
            ${textView(turn.text, render.options)}
          </details>`
        : textView(turn.text, render.options);
  const tokens =
    render.charsPerToken === null
      ? nothing
      : html`<span
          class="turn-tokens"
          title=${render.calibrated ? l10n.t("Estimated from this turn's characters at the sample's own rate (its response tokens over its assistant characters)") : l10n.t('Estimated from characters at 3.6 a token: the record has no token count')}
          >${l10n.t('≈{0} tok', Math.max(1, Math.round(turn.text.length / render.charsPerToken)).toLocaleString('en-US'))}</span
        >`;
  return html`<article
    class="turn role-${turn.role} ${turn.isError ? 'tool-error' : ''} ${errors > 0 ? 'has-errors' : ''} ${turn.trainable === false ? 'is-untrained' : ''} ${highlighted ? 'highlighted' : ''}"
    id="turn-${index}"
    tabindex="-1"
    aria-label=${l10n.t('Turn {0}: {1}', index, roleLabel(turn))}
  >
    <header class="turn-head">
      <span class="codicon ${ROLE_ICON[turn.role]}"></span>
      <span class="turn-role">${plain(roleLabel(turn))}</span>
      <span class="turn-index">#${index}</span>
      ${tokens} ${trainable}
      ${turn.isError ? html`<span class="pill bad">${l10n.t('tool error')}</span>` : nothing}
      ${errors > 0 ? html`<span class="pill bad">${errors === 1 ? l10n.t('1 error') : l10n.t('{0} errors', errors)}</span>` : nothing}
      ${
        turn.role === 'assistant' && actions.replay
          ? html`<button
              class="link replay-button"
              aria-label=${l10n.t('Replay on policy server')}
              title=${l10n.t('Replay on policy server: send the conversation before this turn to a running SGLang server and show its new completion next to this one (r)')}
              ?disabled=${actions.replay.state?.phase === 'running'}
              @click=${actions.replay.replay}
            >
              <span class="codicon codicon-debug-rerun"></span> ${l10n.t('Replay')}
            </button>`
          : nothing
      }
      ${
        turn.role === 'assistant' && actions.sglangCheck
          ? html`<button
              class="link sglang-check-button"
              aria-label=${l10n.t("Check with the box's SGLang")}
              title=${l10n.t("Check with the box's SGLang: run this turn through the SGLang parsers installed on the connected box and show their answer beside ours")}
              ?disabled=${actions.sglangCheck.state?.phase === 'running'}
              @click=${actions.sglangCheck.check}
            >
              <span class="codicon codicon-server-environment"></span> ${l10n.t("Check with box's SGLang")}
            </button>`
          : nothing
      }
    </header>
    ${creditBadges(credits)}
    ${
      actions.replay?.state
        ? html`<div class="replay-pair">
            <div class="original" aria-label=${l10n.t('Original turn')}>${body}</div>
            ${replayPanel(actions.replay.state, actions.replay)}
          </div>`
        : body
    }
    ${actions.sglangCheck?.state ? sglangCheckPanel(actions.sglangCheck.state, actions.sglangCheck) : nothing}
  </article>`;
}
