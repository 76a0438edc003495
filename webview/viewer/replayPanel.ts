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

const count = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;
const callsText = (calls: readonly unknown[] | null) =>
  calls === null ? 'null' : calls.length === 0 ? '[]' : count(calls.length, 'call');

/** Our emulation of the new completion: the same cards and diagnostics as the original turn's. */
function ourVerdict(r: ReplayResult): TemplateResult {
  if (r.raw === null || r.analysis === null) return html`${nothing}`;
  const { verdict } = r.analysis;
  const blocks = callBlocks(r.raw, r.analysis);
  return html`<h4>Our verdict</h4>
    ${blocks.map((b, i) => blockCard(r.raw!, b, i))} ${diagnosticList(looseDiagnostics(r.analysis, blocks))}
    <div class="verdict-line">
      SGLang would return finish_reason <code>${verdict.finishReason}</code> and
      ${verdict.calls.length === 0 ? 'no tool calls' : count(verdict.calls.length, 'tool call')}
      (${verdict.parser} / ${verdict.reasoningParser})
    </div>`;
}

/** What the server's chat endpoint returned, as data: every string is shown as text. */
function serverParse(r: ReplayResult): TemplateResult {
  const p = r.serverParse;
  const calls = p.toolCalls;
  return html`<h4>
      The server's
      parse${
        p.via === 'parse-endpoints'
          ? html` <span
              class="turn-index"
              title="The system prompt already lists the tools, so they were not sent again and the chat endpoint did not parse; SGLang's own parsers ran on the raw text through these endpoints"
              >(/separate_reasoning + /parse_function_call)</span
            >`
          : nothing
      }
    </h4>
    <div class="verdict-line server-parse">
      ${
        p.via === 'chat'
          ? html`The server returned finish_reason <code>${p.finishReason ?? 'null'}</code> and tool_calls
              <code>${callsText(calls)}</code>`
          : html`The server's parsers returned calls <code>${callsText(calls)}</code> (finish_reason
              <code>${p.finishReason ?? 'null'}</code> from the generation)`
      }
    </div>
    ${(calls ?? []).map(
      (c) =>
        html`<div class="server-call">
          <span class="codicon codicon-tools"></span> <span class="call-name">${plain(c.name)}</span>
          <pre class="text args" aria-label="Arguments the server returned">${plain(c.arguments)}</pre>
        </div>`,
    )}
    ${
      p.reasoning
        ? html`<details class="reasoning">
            <summary>reasoning_content · ${p.reasoning.length.toLocaleString('en-US')} characters</summary>
            <rs-text .text=${p.reasoning}></rs-text>
          </details>`
        : nothing
    }
    ${
      p.content && p.content.trim() !== ''
        ? html`<details class="server-content">
            <summary>content · ${p.content.length.toLocaleString('en-US')} characters</summary>
            <rs-text .text=${p.content}></rs-text>
          </details>`
        : nothing
    }
    ${
      r.analysis === null
        ? nothing
        : r.differences.length === 0
          ? html`<p class="note agree">
              <span class="codicon codicon-check"></span> Our emulation and the server agree on this
              completion.
            </p>`
          : html`<div class="note warn differ" role="status">
              <span class="codicon codicon-warning"></span> Our emulation and the server's parse differ:
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
      <span class="replay-title">Replay on ${plain(r.server)}</span>
      <span class="turn-index"
        >${r.usage ? `${count(r.usage.completionTokens, 'token')} · ` : ''}${seconds} s</span
      >
      <button class="link" @click=${actions.replay} title="Send the same conversation again">
        Replay again
      </button>
    </header>
    ${r.rawNote ? html`<p class="note warn">${plain(r.rawNote)}</p>` : nothing}
    ${r.profileNote ? html`<p class="note">${plain(`Read under other parsers: ${r.profileNote}`)}</p>` : nothing}
    <h4>
      Raw
      completion${r.rawSource === 'request-log' ? html` <span class="turn-index">(from the server's request log)</span>` : nothing}
    </h4>
    ${
      r.raw === null
        ? html`<p class="note">No raw text.</p>`
        : html`<div class="raw-completion" aria-label="Raw completion">
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
          ${state.server ? html`Replaying on ${plain(state.server)}…` : 'Choosing a policy server…'}
          <button class="link" @click=${actions.cancel}>Cancel</button>
        </p>`;
      case 'no-server':
        return html`<p class="note warn" role="status">
          <span class="codicon codicon-warning"></span> No policy server is ready. Start one with
          <em>Start SGLang Server</em> (Servers view), wait until it is ready, then
          <button class="link" @click=${actions.replay}>replay again</button>.
        </p>`;
      case 'failed':
        return html`<p class="note error" role="alert">
          <span class="codicon codicon-error"></span> The replay failed: ${plain(state.message)}
          <button class="link" @click=${actions.replay}>Try again</button>
        </p>`;
      case 'cancelled':
        return html`<p class="note" role="status">
          Replay cancelled. <button class="link" @click=${actions.replay}>Replay again</button>
        </p>`;
      case 'done':
        return result(state.result, actions);
    }
  })();
  return html`<section class="replay replay-${state.phase}" aria-label="Replay on policy server">
    ${body}
  </section>`;
}
