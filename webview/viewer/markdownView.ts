import * as l10n from '@vscode/l10n';
import { html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import { Lexer } from 'marked';
import type { Token, Tokens } from 'marked';
import { plain } from './richText';
import { CLIP } from './textSegments';

// Model text read as GFM by marked's lexer, and its tokens drawn with lit templates whose every piece of model
// text is a text binding. marked's HTML renderer is never used, so nothing the model wrote can become markup:
// raw HTML (blocks and inline tags) is shown as the text it is, links and images are shown with their target
// and never followed or loaded.

type Part = TemplateResult | string | typeof nothing;

/** Deeper nesting is shown as the text it was written as, so drawing it never costs a deep stack. */
const MAX_DEPTH = 32;

const ALIGN = { left: 'md-left', center: 'md-center', right: 'md-right' } as const;

function inline(tokens: readonly Token[] | undefined, depth: number): Part[] {
  return (tokens ?? []).flatMap((t) => inlineToken(t, depth + 1));
}

function inlineToken(t: Token, depth: number): Part[] {
  if (depth > MAX_DEPTH) return plain(t.raw);
  switch (t.type) {
    case 'text':
      return t.tokens ? inline(t.tokens, depth) : plain(t.text);
    case 'escape':
      return plain(t.text);
    case 'codespan':
      return [html`<code>${plain(t.text)}</code>`];
    case 'strong':
      return [html`<strong>${inline(t.tokens, depth)}</strong>`];
    case 'em':
      return [html`<em>${inline(t.tokens, depth)}</em>`];
    case 'del':
      return [html`<del>${inline(t.tokens, depth)}</del>`];
    case 'br':
      return [html`<br />`];
    case 'link':
      // Shown with its target and never followed: the model chose the URL.
      return [
        html`<span class="md-link">${inline(t.tokens, depth)}</span>
          <span class="md-href" title="${l10n.t('Link target (not followed)')}">${plain(t.href)}</span>`,
      ];
    case 'image':
      return [
        html`<span class="md-link">${plain(t.text)}</span>
          <span class="md-href" title="${l10n.t('Image (not loaded)')}">${plain(t.href)}</span>`,
      ];
    case 'checkbox':
      return plain((t as Tokens.Checkbox).checked ? '☑ ' : '☐ ');
    default:
      // Inline HTML and anything else: the text as the model wrote it.
      return plain(t.raw);
  }
}

function blocks(tokens: readonly Token[], depth: number): Part[] {
  return tokens.map((t) => block(t, depth + 1));
}

function block(t: Token, depth: number): Part {
  if (depth > MAX_DEPTH) return html`<p class="md-raw">${plain(t.raw)}</p>`;
  switch (t.type) {
    case 'space':
      return nothing;
    case 'heading':
      return html`<div class="md-heading md-h${t.depth}" role="heading" aria-level=${t.depth + 2}>
        ${inline(t.tokens, depth)}
      </div>`;
    case 'paragraph':
      return html`<p>${inline(t.tokens, depth)}</p>`;
    case 'text':
      // A tight list item's text.
      return html`<span>${t.tokens ? inline(t.tokens, depth) : plain(t.text)}</span>`;
    case 'code':
      return html`<pre class="md-code" data-lang=${t.lang ?? ''}>${plain(t.text)}</pre>`;
    case 'blockquote':
      return html`<blockquote>${blocks(t.tokens ?? [], depth)}</blockquote>`;
    case 'hr':
      return html`<hr />`;
    case 'list':
      return list(t as Tokens.List, depth);
    case 'table':
      return table(t as Tokens.Table, depth);
    default:
      // Raw HTML blocks, link definitions and anything else: the text as the model wrote it.
      return html`<p class="md-raw">${plain(t.raw)}</p>`;
  }
}

function list(t: Tokens.List, depth: number): TemplateResult {
  const items = t.items.map((item) => html`<li>${blocks(item.tokens, depth + 1)}</li>`);
  return t.ordered
    ? html`<ol start=${typeof t.start === 'number' ? t.start : 1}>
        ${items}
      </ol>`
    : html`<ul>
        ${items}
      </ul>`;
}

function table(t: Tokens.Table, depth: number): TemplateResult {
  const cell = (c: Tokens.TableCell, header: boolean) => {
    const align = c.align === null ? '' : ALIGN[c.align];
    return header
      ? html`<th class=${align}>${inline(c.tokens, depth + 1)}</th>`
      : html`<td class=${align}>${inline(c.tokens, depth + 1)}</td>`;
  };
  return html`<table class="md-table">
    <thead>
      <tr>
        ${t.header.map((c) => cell(c, true))}
      </tr>
    </thead>
    <tbody>
      ${t.rows.map(
        (row) =>
          html`<tr>
            ${row.map((c) => cell(c, false))}
          </tr>`,
      )}
    </tbody>
  </table>`;
}

/** marked's tokens for `text`, or undefined where the lexer cannot read it (it recurses per nesting level). */
export function markdownTokens(text: string): Token[] | undefined {
  try {
    return Lexer.lex(text, { gfm: true });
  } catch (e) {
    if (e instanceof RangeError) return undefined;
    throw e;
  }
}

/**
 * Model text read as Markdown, every string bound as text. Texts past the clip length, and texts nested too
 * deep for the lexer, stay plain, where they are shown a step at a time.
 */
export function markdownView(text: string): TemplateResult {
  const tokens = text.length > CLIP ? undefined : markdownTokens(text);
  if (tokens === undefined) return html`<rs-text .text=${text}></rs-text>`;
  return html`<div class="markdown">${blocks(tokens, 0)}</div>`;
}
