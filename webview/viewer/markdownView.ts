import { html } from 'lit';
import type { TemplateResult } from 'lit';
import type { Block, Inline } from './markdownBlocks';
import { markdownBlocks } from './markdownBlocks';
import { plain } from './richText';
import { CLIP } from './textSegments';

function inline(nodes: readonly Inline[]): (TemplateResult | string)[] {
  return nodes.flatMap((n): (TemplateResult | string)[] => {
    switch (n.kind) {
      case 'text':
        return plain(n.text);
      case 'code':
        return [html`<code>${plain(n.text)}</code>`];
      case 'strong':
        return [html`<strong>${inline(n.children)}</strong>`];
      case 'em':
        return [html`<em>${inline(n.children)}</em>`];
      case 'link':
        // Shown with its target and never followed: the model chose the URL.
        return [
          html`<span class="md-link">${inline(n.children)}</span>
            <span class="md-href" title="Link target (not followed)">${plain(n.href)}</span>`,
        ];
    }
  });
}

function block(b: Block): TemplateResult {
  switch (b.kind) {
    case 'heading':
      return html`<div class="md-heading md-h${b.level}" role="heading" aria-level=${b.level + 2}>
        ${inline(b.children)}
      </div>`;
    case 'paragraph':
      return html`<p>${inline(b.children)}</p>`;
    case 'code':
      return html`<pre class="md-code" data-lang=${b.lang}>${plain(b.text)}</pre>`;
    case 'list':
      return b.ordered
        ? html`<ol>
            ${b.items.map((item) => html`<li>${inline(item)}</li>`)}
          </ol>`
        : html`<ul>
            ${b.items.map((item) => html`<li>${inline(item)}</li>`)}
          </ul>`;
    case 'quote':
      return html`<blockquote>${inline(b.children)}</blockquote>`;
    case 'rule':
      return html`<hr />`;
  }
}

/**
 * Model text read as Markdown, every string bound as text. Texts past the clip length stay plain, where
 * they are shown a step at a time.
 */
export function markdownView(text: string): TemplateResult {
  if (text.length > CLIP) return html`<rs-text .text=${text}></rs-text>`;
  return html`<div class="markdown">${markdownBlocks(text).map(block)}</div>`;
}
