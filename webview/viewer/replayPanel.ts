import * as l10n from '@vscode/l10n';
import { html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import type { ReplayResult, ReplayState } from '../../src/shared/protocol';
import { plain } from './richText';
import { blockCard, diagnosticList } from './toolCallCard';
import { callBlocks, looseDiagnostics } from './toolCallBlocks';

export interface ReplayActions {
  replay: () => void;
  cancel: () => void;
}

const callsText = (calls: readonly unknown[] | null) =>
  calls === null
    ? 'null'
    : calls.length === 0
      ? '[]'
      : calls.length === 1
        ? l10n.t('1 call')
        : l10n.t('{0} calls', calls.length);

/** Our emulation of the new completion: the same cards and diagnostics as the original turn's. */
function ourVerdict(r: ReplayResult): TemplateResult {
  if (r.raw === null || r.analysis === null) return html`${nothing}`;
  const { verdict } = r.analysis;
  const blocks = callBlocks(r.raw, r.analysis);
  return html`<h4>${l10n.t('Our verdict')}</h4>
    ${blocks.map((b, i) => blockCard(r.raw!, b, i))} ${diagnosticList(looseDiagnostics(r.analysis, blocks))}
    <div class="verdict-line">
      ${l10n.t('SGLang would return finish_reason')} <code>${verdict.finishReason}</code>
      ${
        verdict.calls.length === 0
          ? l10n.t('and no tool calls')
          : verdict.calls.length === 1
            ? l10n.t('and 1 tool call')
            : l10n.t('and {0} tool calls', verdict.calls.length)
      }
      (${verdict.parser} / ${verdict.reasoningParser})
    </div>`;
}

/** What the server's chat endpoint returned, as data: every string is shown as text. */
function serverParse(r: ReplayResult): TemplateResult {
  const p = r.serverParse;
  const calls = p.toolCalls;
  return html`<h4>
      ${l10n.t("The server's parse")}${
        p.via === 'parse-endpoints'
          ? html` <span
              class="turn-index"
              title=${l10n.t(
                "The system prompt already lists the tools, so they were not sent again and the chat endpoint did not parse; SGLang's own parsers ran on the raw text through these endpoints",
              )}
              >(/separate_reasoning + /parse_function_call)</span
            >`
          : nothing
      }
    </h4>
    <div class="verdict-line server-parse">
      ${
        p.via === 'chat'
          ? html`${l10n.t('The server returned finish_reason')}
              <code>${p.finishReason ?? 'null'}</code> ${l10n.t('and tool_calls')}
              <code>${callsText(calls)}</code>`
          : html`${l10n.t("The server's parsers returned calls")}
              <code>${callsText(calls)}</code> (finish_reason
              <code>${p.finishReason ?? 'null'}</code> ${l10n.t('from the generation')})`
      }
    </div>
    ${(calls ?? []).map(
      (c) =>
        html`<div class="server-call">
          <span class="codicon codicon-tools"></span> <span class="call-name">${plain(c.name)}</span>
          <pre class="text args" aria-label=${l10n.t('Arguments the server returned')}>
${plain(c.arguments)}</pre>
        </div>`,
    )}
    ${
      p.reasoning
        ? html`<details class="reasoning">
            <summary>
              ${l10n.t('reasoning_content · {0} characters', p.reasoning.length.toLocaleString('en-US'))}
            </summary>
            <rs-text .text=${p.reasoning}></rs-text>
          </details>`
        : nothing
    }
    ${
      p.content && p.content.trim() !== ''
        ? html`<details class="server-content">
            <summary>${l10n.t('content · {0} characters', p.content.length.toLocaleString('en-US'))}</summary>
            <rs-text .text=${p.content}></rs-text>
          </details>`
        : nothing
    }
    ${
      r.analysis === null
        ? nothing
        : r.differences.length === 0
          ? html`<p class="note agree">
              <span class="codicon codicon-check"></span>
              ${l10n.t('Our emulation and the server agree on this completion.')}
            </p>`
          : html`<div class="note warn differ" role="status">
              <span class="codicon codicon-warning"></span>
              ${l10n.t("Our emulation and the server's parse differ:")}
              <ul>
                ${r.differences.map((d) => html`<li>${plain(d)}</li>`)}
              </ul>
            </div>`
    }`;
}

function result(r: ReplayResult, actions: ReplayActions): TemplateResult {
  const seconds = (r.elapsedMs / 1000).toFixed(1);
  return html`<header class="replay-head">
      <span class="codicon codicon-debug-rerun"></span>
      <span class="replay-title">${plain(l10n.t('Replay on {0}', r.server))}</span>
      <span class="turn-index"
        >${
          r.usage
            ? r.usage.completionTokens === 1
              ? l10n.t('1 token · {0} s', seconds)
              : l10n.t('{0} tokens · {1} s', r.usage.completionTokens, seconds)
            : l10n.t('{0} s', seconds)
        }</span
      >
      <button class="link" @click=${actions.replay} title=${l10n.t('Send the same conversation again')}>
        ${l10n.t('Replay again')}
      </button>
    </header>
    ${r.rawNote ? html`<p class="note warn">${plain(r.rawNote)}</p>` : nothing}
    ${r.profileNote ? html`<p class="note">${plain(l10n.t('Read under other parsers: {0}', r.profileNote))}</p>` : nothing}
    <h4>
      ${l10n.t('Raw completion')}${r.rawSource === 'request-log' ? html` <span class="turn-index">${l10n.t("(from the server's request log)")}</span>` : nothing}
    </h4>
    ${
      r.raw === null
        ? html`<p class="note">${l10n.t('No raw text.')}</p>`
        : html`<div class="raw-completion" aria-label=${l10n.t('Raw completion')}>
            <rs-text .text=${r.raw} .marks=${r.analysis?.diagnostics ?? []}></rs-text>
          </div>`
    }
    ${ourVerdict(r)} ${serverParse(r)}`;
}

/** A turn's replay: what is happening, or the new completion beside the original, or why not. */
export function replayPanel(state: ReplayState, actions: ReplayActions): TemplateResult {
  const body = (() => {
    switch (state.phase) {
      case 'running':
        return html`<p class="note" role="status">
          <span class="codicon codicon-loading codicon-modifier-spin"></span>
          ${state.server ? plain(l10n.t('Replaying on {0}…', state.server)) : l10n.t('Choosing a policy server…')}
          <button class="link" @click=${actions.cancel}>${l10n.t('Cancel')}</button>
        </p>`;
      case 'no-server':
        return html`<p class="note warn" role="status">
          <span class="codicon codicon-warning"></span> ${l10n.t('No policy server is ready. Start one with')}
          <em>${l10n.t('Start SGLang Server')}</em> ${l10n.t('(Servers view), wait until it is ready, then')}
          <button class="link" @click=${actions.replay}>${l10n.t('replay again')}</button>.
        </p>`;
      case 'failed':
        return html`<p class="note error" role="alert">
          <span class="codicon codicon-error"></span>
          ${plain(l10n.t('The replay failed: {0}', state.message))}
          <button class="link" @click=${actions.replay}>${l10n.t('Try again')}</button>
        </p>`;
      case 'cancelled':
        return html`<p class="note" role="status">
          ${l10n.t('Replay cancelled.')}
          <button class="link" @click=${actions.replay}>${l10n.t('Replay again')}</button>
        </p>`;
      case 'done':
        return result(state.result, actions);
    }
  })();
  return html`<section class="replay replay-${state.phase}" aria-label=${l10n.t('Replay on policy server')}>
    ${body}
  </section>`;
}
