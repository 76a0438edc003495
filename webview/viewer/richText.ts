import * as l10n from '@vscode/l10n';
import { LitElement, html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { Diagnostic } from '../../src/core/toolcall/types';
import { bytes } from './format';
import { CLIP, pieces, segments } from './textSegments';

/** Untrusted text for any template: invisible and bidi characters become visible tokens. */
export const plain = (text: string): (TemplateResult | string)[] =>
  pieces(text).map((p) =>
    p.kind === 'text'
      ? p.text
      : html`<span class="invisible" title=${l10n.t('Invisible character {0} (shown, not applied)', p.code)}
          >${p.code}</span
        >`,
  );

/**
 * Untrusted text rendered as text: diagnostic ranges highlighted with their message on hover,
 * invisible and bidi characters shown as tokens, and very long texts clipped until asked for.
 */
@customElement('rs-text')
export class RichText extends LitElement {
  @property({ attribute: false }) text = '';
  @property({ attribute: false }) marks: readonly Diagnostic[] = [];
  /** Characters before the text (when the text is a slice of a turn, to place the marks). */
  @property({ type: Number }) base = 0;
  /** Characters shown; grows a step at a time, since laying out megabytes at once freezes the panel. */
  @state() private shown = CLIP;

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  protected override render(): TemplateResult {
    const clipped = this.text.length > this.shown;
    const marks = this.marks.map((d) => ({ ...d, start: d.start - this.base, end: d.end - this.base }));
    return html`<pre class="text">
${segments(this.text, marks, clipped ? this.shown : this.text.length).map((s) =>
        s.marks.length === 0
          ? plain(s.text)
          : html`<mark
              class="diag ${s.marks.some((m) => m.severity === 'error') ? 'error' : s.marks.some((m) => m.severity === 'warning') ? 'warning' : 'info'} ${s.text === '' ? 'empty' : ''}"
              title=${s.marks.map((m) => `${m.code}: ${m.message}`).join('\n')}
              >${s.text === '' ? '⎀' : plain(s.text)}</mark
            >`,
      )}${
        clipped
          ? html`<button class="link show-all" @click=${() => (this.shown += CLIP * 10)}>
              ${l10n.t('… {0} of {1}', this.shown.toLocaleString('en-US'), this.text.length.toLocaleString('en-US'))}
              ${l10n.t('characters ({0}) shown; show', bytes(this.text.length))}
              ${l10n.t('{0} more', Math.min(CLIP * 10, this.text.length - this.shown).toLocaleString('en-US'))}
            </button>`
          : nothing
      }</pre>`;
  }
}
