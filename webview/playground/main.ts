import * as l10n from '@vscode/l10n';
import { LitElement, html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { Diagnostic, Profile } from '../../src/core/toolcall/types';
import { INITIAL_STATE_ID } from '../../src/shared/protocol';
import type { HostToPlayground, PlaygroundState, PlaygroundToHost } from '../../src/shared/protocol';
import { readInitialState, vscodeApi } from '../vscodeApi';

const post = (m: PlaygroundToHost) => vscodeApi().postMessage(m);

const SEVERITY_ICON: Record<Diagnostic['severity'], string> = {
  error: 'codicon-error',
  warning: 'codicon-warning',
  info: 'codicon-info',
};

// Labels are functions, read when the toolbar renders: after the webview's l10n bundle is loaded.
const OPTIONS: { key: keyof Profile; label: () => string; values: string[] }[] = [
  { key: 'parser', label: () => l10n.t('Tool-call parser'), values: ['qwen25', 'hermes', 'qwen3_coder'] },
  { key: 'reasoningParser', label: () => l10n.t('Reasoning parser'), values: ['qwen3', 'none'] },
  { key: 'policy', label: () => l10n.t('Policy'), values: ['sglang', 'single-call'] },
];

/**
 * The verdict panel of the Tool-Call Playground: what SGLang returns for the completion being typed,
 * and why. Rendered in light DOM so the codicon font and theme variables apply.
 */
@customElement('rs-playground')
export class PlaygroundView extends LitElement {
  @state() private model: PlaygroundState = readInitialState<PlaygroundState>(INITIAL_STATE_ID);

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('message', (e: MessageEvent<HostToPlayground>) => {
      if (e.data.type === 'state' && e.data.state.version >= this.model.version) this.model = e.data.state;
    });
    post({ type: 'ready' });
  }

  protected override render(): TemplateResult {
    const { profile, tools, analysis } = this.model;
    const { verdict, diagnostics } = analysis;
    return html`
      <header class="toolbar" role="toolbar" aria-label=${l10n.t('Parser profile')}>
        ${OPTIONS.map(
          (o) =>
            html`<label class="field">
              <span>${o.label()}</span>
              <select
                aria-label=${o.label()}
                .value=${profile[o.key]}
                @change=${(e: Event) =>
                  post({ type: 'setProfile', profile: { [o.key]: (e.target as HTMLSelectElement).value } })}
              >
                ${o.values.map((v) => html`<option value=${v} ?selected=${v === profile[o.key]}>${v}</option>`)}
              </select>
            </label>`,
        )}
        <div class="field tools">
          <span>${l10n.t('Tools')}</span>
          <div class="tools-row">
            <span class="tools-label" title=${tools ? tools.names.join(', ') : ''}
              >${
                tools
                  ? tools.names.length === 1
                    ? l10n.t('{0} · 1 tool', tools.label)
                    : l10n.t('{0} · {1} tools', tools.label, tools.names.length)
                  : l10n.t('none: names and arguments are not checked')
              }</span
            >
            <button class="action" @click=${() => post({ type: 'chooseTools' })}>
              ${l10n.t('Choose Tools File…')}
            </button>
            ${tools ? html`<button class="action" @click=${() => post({ type: 'clearTools' })}>${l10n.t('Clear')}</button>` : nothing}
          </div>
        </div>
      </header>
      <hr />
      <section aria-label=${l10n.t('Diagnostics')}>
        <h2>${l10n.t('Diagnostics')} <span class="pill">${diagnostics.length}</span></h2>
        ${
          diagnostics.length === 0
            ? html`<p class="ok">
                <span class="codicon codicon-pass"></span>
                ${l10n.t('No problems: SGLang returns this turn as written.')}
              </p>`
            : html`<ul class="diagnostics">
                ${diagnostics.map(
                  (d) =>
                    html`<li>
                      <button
                        class="diagnostic ${d.severity}"
                        title=${l10n.t('Select characters {0}–{1} in the editor', d.start, d.end)}
                        @click=${() => post({ type: 'reveal', start: d.start, end: d.end })}
                      >
                        <span class="codicon ${SEVERITY_ICON[d.severity]}" aria-label=${d.severity}></span>
                        <span class="code">${d.code}</span>
                        <span class="message">${d.message}</span>
                        <span class="range">${d.start}–${d.end}</span>
                      </button>
                    </li>`,
                )}
              </ul>`
        }
      </section>
      <hr />
      <section aria-label=${l10n.t('Verdict')}>
        <h2>${l10n.t('What SGLang returns')}</h2>
        <dl class="verdict">
          <dt>finish_reason</dt>
          <dd>
            <span class="pill ${verdict.finishReason === 'length' ? 'warn' : ''}"
              >${verdict.finishReason}</span
            >
          </dd>
          <dt>tool_calls</dt>
          <dd>
            ${
              verdict.calls.length === 0
                ? html`<span class="muted"
                    >${
                      verdict.finishReason === 'tool_calls'
                        ? l10n.t('[] (every call was dropped)')
                        : diagnostics.some((d) => d.severity === 'error')
                          ? l10n.t('null (no call could be read: see the diagnostics)')
                          : 'null'
                    }</span
                  >`
                : html`<ol class="calls">
                    ${verdict.calls.map(
                      (c) =>
                        html`<li class="call">
                          <div class="call-name"><span class="codicon codicon-tools"></span> ${c.name}</div>
                          <pre class="call-args">${JSON.stringify(c.arguments, null, 2)}</pre>
                        </li>`,
                    )}
                  </ol>`
            }
          </dd>
          <dt>content</dt>
          <dd>
            ${verdict.content === null ? html`<span class="muted">null</span>` : html`<pre class="text">${verdict.content}</pre>`}
          </dd>
          <dt>reasoning_content</dt>
          <dd>
            ${
              verdict.reasoning === null
                ? html`<span class="muted">null</span>`
                : html`<details>
                    <summary>${l10n.t('{0} characters', verdict.reasoning.length)}</summary>
                    <pre class="text">${verdict.reasoning}</pre>
                  </details>`
            }
          </dd>
        </dl>
      </section>
    `;
  }
}
