import { html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import type { CreditEntry } from '../../src/core/trajectory/creditMap';
import type { Turn } from '../../src/core/trajectory/turn';
import { plain } from './richText';
import { blockCard, diagnosticList, recordedCallCard } from './toolCallCard';
import { callBlocks, looseDiagnostics } from './toolCallBlocks';

export interface TurnActions {
  openInEditor?: (turn: number) => void;
}

export const ROLE_ICON: Record<Turn['role'], string> = {
  system: 'codicon-settings-gear',
  user: 'codicon-account',
  assistant: 'codicon-hubot',
  tool: 'codicon-output',
  environment: 'codicon-globe',
};

export const roleLabel = (t: Turn) =>
  t.role === 'tool' ? `tool result${t.toolName ? ` · ${t.toolName}` : ''}` : t.role;

/** Credit entries tau2 pinned on this turn, drawn on it: what it earned (✓) or where it fell short (✗). */
function creditBadges(credits: readonly CreditEntry[]): TemplateResult | typeof nothing {
  const shown = credits.filter((c) => c.kind === 'action' || c.kind === 'communicate');
  if (shown.length === 0) return nothing;
  return html`<div class="credits">
    ${shown.map(
      (c) =>
        html`<span
          class="credit ${c.met ? 'met' : 'unmet'} ${c.gates ? 'gates' : ''}"
          title="${c.kind} check ${c.met ? 'met' : 'not met'}${c.gates ? ' (counts toward the reward)' : ' (not in reward_basis)'}${c.disagrees ? ' — re-matching disagrees with what tau2 recorded' : ''}"
          ><span class="codicon ${c.met ? 'codicon-pass' : 'codicon-circle-slash'}"></span>${c.kind}:
          ${plain(c.label)}</span
        >`,
    )}
  </div>`;
}

function assistantBody(turn: Turn, index: number, actions: TurnActions): TemplateResult {
  const analysis = turn.analysis;
  if (!analysis) {
    return html`${turn.text.trim() !== '' ? html`<rs-text .text=${turn.text}></rs-text>` : nothing}
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
        ? html`<details class="reasoning">
            <summary>Reasoning · ${verdict.reasoning.length.toLocaleString('en-US')} characters</summary>
            <rs-text .text=${verdict.reasoning}></rs-text>
          </details>`
        : nothing
    }
    ${content !== null && content.trim() !== '' ? html`<rs-text .text=${content}></rs-text>` : nothing}
    ${blocks.map((b, i) => blockCard(turn.text, b, i))} ${diagnosticList(loose)}
    <div class="verdict-line">
      SGLang returns finish_reason <code>${verdict.finishReason}</code> and
      ${verdict.calls.length === 0 ? html`no tool calls` : html`${verdict.calls.length} tool call${verdict.calls.length === 1 ? '' : 's'}`}
      (${verdict.parser} / ${verdict.reasoningParser})
      ${
        actions.openInEditor
          ? html`<button
              class="link"
              @click=${() => actions.openInEditor?.(index)}
              title="Open the raw turn in an editor with squiggles and hovers"
            >
              <span class="codicon codicon-go-to-file"></span> Open turn in editor
            </button>`
          : nothing
      }
    </div>
    ${
      analysis.diagnostics.length > 0 && loose.length > 0
        ? html`<details class="raw-turn" open>
            <summary>Raw turn text</summary>
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
): TemplateResult {
  const errors = turn.analysis?.diagnostics.filter((d) => d.severity === 'error').length ?? 0;
  const trainable =
    turn.trainable === undefined
      ? nothing
      : html`<span
          class="pill ${turn.trainable ? 'trained' : 'untrained'}"
          title=${turn.trainable ? 'Loss mask 1: the policy was trained on these tokens' : 'Loss mask 0: not trained on'}
          >${turn.trainable ? 'trained' : 'not trained'}</span
        >`;
  const body =
    turn.role === 'assistant'
      ? assistantBody(turn, index, actions)
      : turn.role === 'system'
        ? html`<details class="system">
            <summary>System prompt · ${turn.text.length.toLocaleString('en-US')} characters</summary>
            <rs-text .text=${turn.text}></rs-text>
          </details>`
        : html`<rs-text .text=${turn.text}></rs-text>`;
  return html`<article
    class="turn role-${turn.role} ${turn.isError ? 'tool-error' : ''} ${errors > 0 ? 'has-errors' : ''} ${turn.trainable === false ? 'is-untrained' : ''} ${highlighted ? 'highlighted' : ''}"
    id="turn-${index}"
    tabindex="-1"
    aria-label="Turn ${index}: ${roleLabel(turn)}"
  >
    <header class="turn-head">
      <span class="codicon ${ROLE_ICON[turn.role]}"></span>
      <span class="turn-role">${plain(roleLabel(turn))}</span>
      <span class="turn-index">#${index}</span>
      ${trainable} ${turn.isError ? html`<span class="pill bad">tool error</span>` : nothing}
      ${errors > 0 ? html`<span class="pill bad">${errors} error${errors === 1 ? '' : 's'}</span>` : nothing}
    </header>
    ${creditBadges(credits)} ${body}
  </article>`;
}
