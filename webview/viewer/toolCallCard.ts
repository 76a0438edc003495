import * as l10n from '@vscode/l10n';
import { html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import type { Diagnostic } from '../../src/core/toolcall/types';
import type { ToolCall } from '../../src/core/trajectory/turn';
import { tooDeepAt } from '../../src/shared/jsonDepth';
import { MAX_INDENTED_DEPTH } from './prettyCode';
import { plain } from './richText';
import type { CallBlock } from './toolCallBlocks';

const SEVERITY_ICON: Record<Diagnostic['severity'], string> = {
  error: 'codicon-error',
  warning: 'codicon-warning',
  info: 'codicon-info',
};

export function diagnosticList(diagnostics: readonly Diagnostic[]): TemplateResult | typeof nothing {
  if (diagnostics.length === 0) return nothing;
  return html`<ul class="diagnostics" aria-label=${l10n.t('Diagnostics')}>
    ${diagnostics.map(
      (d) =>
        html`<li class="diagnostic ${d.severity}">
          <span class="codicon ${SEVERITY_ICON[d.severity]}" aria-label=${d.severity}></span>
          <span class="code">${d.code}</span>
          <span class="message">${plain(d.message)}</span>
          <span class="range" title=${l10n.t('Characters {0}–{1} of the turn text', d.start, d.end)}
            >${d.start}–${d.end}</span
          >
        </li>`,
    )}
  </ul>`;
}

const pretty = (args: unknown): string => {
  if (typeof args === 'string') return args;
  // Arguments are read to at most MAX_JSON_DEPTH levels, which JSON.stringify handles; past a few dozen
  // the indentation alone would be megabytes.
  const compact = JSON.stringify(args) ?? 'null';
  return tooDeepAt(compact, MAX_INDENTED_DEPTH) >= 0 ? compact : JSON.stringify(args, null, 2);
};

/** A name a dropped block still shows: the "name" the model wrote, read leniently. */
const writtenName = (raw: string) =>
  /"name"\s*:\s*"([^"\\]{1,200})"/.exec(raw)?.[1] ?? /<function=([^>\s]{1,200})>/.exec(raw)?.[1];

/** A `<tool_call>` block: what the model wrote, what SGLang made of it, and what is wrong with it. */
export function blockCard(text: string, block: CallBlock, n: number): TemplateResult {
  const raw = text.slice(block.start, block.end);
  const dropped = block.parsed === undefined;
  const name = block.parsed?.name ?? writtenName(raw);
  const worst = block.diagnostics.some((d) => d.severity === 'error')
    ? 'error'
    : block.diagnostics.some((d) => d.severity === 'warning')
      ? 'warning'
      : 'ok';
  return html`<section
    class="call-card ${dropped ? 'dropped' : 'parsed'} ${worst}"
    aria-label=${l10n.t('Tool call {0}', n + 1)}
  >
    <header>
      <span class="codicon codicon-tools"></span>
      <span class="call-name">${name === undefined ? l10n.t('(no name)') : plain(name)}</span>
      ${
        dropped
          ? html`<span
              class="pill bad"
              title=${l10n.t("SGLang's parser skips this block: tool_calls does not contain it")}
              >${l10n.t('dropped by SGLang')}</span
            >`
          : html`<span class="pill good" title=${l10n.t('SGLang returns this call in tool_calls')}
              >→ tool_calls</span
            >`
      }
      ${block.closed ? nothing : html`<span class="pill warn">${l10n.t('unclosed')}</span>`}
    </header>
    ${
      block.parsed
        ? html`<pre class="text args" aria-label=${l10n.t('Arguments')}>
${plain(pretty(block.parsed.arguments))}</pre>`
        : nothing
    }
    ${diagnosticList(block.diagnostics)}
    ${
      dropped || block.diagnostics.length > 0
        ? html`<div class="raw-block" aria-label=${l10n.t('Raw block text')}>
            <rs-text .text=${raw} .marks=${block.diagnostics} base=${block.start}></rs-text>
          </div>`
        : html`<details class="raw-block">
            <summary>${l10n.t('Raw block')}</summary>
            <rs-text .text=${raw}></rs-text>
          </details>`
    }
  </section>`;
}

/** A call the source recorded as data (OpenAI function calling, tau2 messages): nothing was parsed. */
export function recordedCallCard(call: ToolCall, n: number): TemplateResult {
  return html`<section class="call-card parsed ok" aria-label=${l10n.t('Tool call {0}', n + 1)}>
    <header>
      <span class="codicon codicon-tools"></span>
      <span class="call-name">${plain(call.name)}</span>
      <span class="pill" title=${l10n.t('The source recorded this call as data; it was not parsed from text')}
        >${l10n.t('recorded')}</span
      >
      ${call.requestor === 'user' ? html`<span class="pill">${l10n.t("user's tool")}</span>` : nothing}
    </header>
    <pre class="text args" aria-label=${l10n.t('Arguments')}>${plain(pretty(call.arguments))}</pre>
  </section>`;
}
