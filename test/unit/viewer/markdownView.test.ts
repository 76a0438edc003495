import fc from 'fast-check';
import { nothing, type TemplateResult } from 'lit';
import { describe, expect, it } from 'vitest';
import { markdownView } from '../../../webview/viewer/markdownView';

// The markup lit would build from markdownView's templates, with every bound value escaped as the text
// node or attribute value lit makes of it. Anything bound that is not text, a number or a template (an
// unsafeHTML directive, say) fails the test.
function markup(value: unknown): string {
  if (value === nothing || value === undefined) return '';
  if (typeof value === 'string') return escape(value);
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return value.map(markup).join('');
  const t = value as TemplateResult;
  if (t && Array.isArray(t.strings) && Array.isArray(t.values)) {
    // The templates' own line breaks and indentation are squashed; the model's text keeps its own.
    return t.strings.reduce(
      (out, s, i) => out + s.replace(/\s*\n\s*/g, '') + (i < t.values.length ? markup(t.values[i]) : ''),
      '',
    );
  }
  throw new Error(`bound something that is not text: ${String(value)}`);
}
const escape = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
/** Bound attribute values come out unquoted, as they stand in the templates. */
const view = (text: string) => markup(markdownView(text));
/** Every element the markup opens. */
const tags = (m: string) => [...m.matchAll(/<([a-z][a-z0-9]*)/g)].map((x) => x[1]);

describe('markdown view: marked tokens drawn as lit templates', () => {
  it('draws a GFM table with its alignment', () => {
    expect(view('| a | b |\n|:--|--:|\n| 1 | **2** |')).toBe(
      '<div class="markdown"><table class="md-table"><thead><tr><th class=md-left>a</th>' +
        '<th class=md-right>b</th></tr></thead><tbody><tr><td class=md-left>1</td>' +
        '<td class=md-right><strong>2</strong></td></tr></tbody></table></div>',
    );
  });

  it('reads setext headings', () => {
    expect(view('Plan\n====\n\nSteps\n---\ntext')).toBe(
      '<div class="markdown"><div class="md-heading md-h1" role="heading" aria-level=3>Plan</div>' +
        '<div class="md-heading md-h2" role="heading" aria-level=4>Steps</div><p>text</p></div>',
    );
  });

  it('keeps indented code as code, as written', () => {
    expect(view('Run:\n\n    ls -la\n      cd <dir>\n\ndone')).toBe(
      '<div class="markdown"><p>Run:</p><pre class="md-code" data-lang=>ls -la\n  cd &lt;dir&gt;</pre>' +
        '<p>done</p></div>',
    );
  });

  it('keeps a list item continued over lines and paragraphs in its item', () => {
    expect(view('1. find the user\n   by email\n\n   then check\n2. cancel\n\n- a\n  - nested')).toBe(
      '<div class="markdown"><ol start=1><li><p>find the user\nby email</p><p>then check</p></li>' +
        '<li><p>cancel</p></li></ol><ul><li><span>a</span><ul><li><span>nested</span></li></ul></li></ul></div>',
    );
  });

  it('shows raw HTML blocks, inline tags and links as text, never as markup', () => {
    const hostile = [
      '<div onclick="alert(1)">block</div>',
      '',
      'inline <img src=x onerror=alert(1)> and <script>alert(2)</script> [go](javascript:alert(3))',
      '',
      '![pic](https://evil.example/x.png "t") <a href="javascript:alert(4)">a</a>',
      '',
      '<!-- comment --><svg onload=alert(5)>',
    ].join('\n');
    const m = view(hostile);
    // Only the viewer's own elements; the model's tags are escaped text.
    expect(new Set(tags(m))).toEqual(new Set(['div', 'p', 'span']));
    expect(m).toContain('<p class="md-raw">&lt;div onclick=&quot;alert(1)&quot;&gt;block&lt;/div&gt;</p>');
    expect(m).toContain(
      'inline &lt;img src=x onerror=alert(1)&gt; and &lt;script&gt;alert(2)&lt;/script&gt; ',
    );
    expect(m).toContain(
      '<span class="md-link">go</span><span class="md-href" title="Link target (not followed)">javascript:alert(3)</span>',
    );
    expect(m).toContain(
      '<span class="md-link">pic</span><span class="md-href" title="Image (not loaded)">https://evil.example/x.png</span>',
    );
    expect(m).toContain('&lt;!-- comment --&gt;&lt;svg onload=alert(5)&gt;');
  });

  it('draws text nested deeper than the lexer can read as plain text', () => {
    for (const text of [
      '> '.repeat(9000) + 'x',
      '- '.repeat(9000) + 'x',
      `${'*'.repeat(9000)}a${'*'.repeat(9000)}`,
    ]) {
      expect(view(text)).toBe(`<rs-text .text=${escape(text)}></rs-text>`);
    }
    // Nesting the lexer reads but that is past the drawing depth is shown as written.
    const deep = view('>'.repeat(60) + ' <b>x</b>');
    expect(tags(deep).filter((t) => t === 'blockquote')).toHaveLength(32);
    expect(deep).toContain('&lt;b&gt;x&lt;/b&gt;');
  });

  it('never makes an element of model text, whatever the text', () => {
    const own = new Set(['div', 'p', 'span', 'strong', 'em', 'del', 'code', 'pre', 'br', 'hr', 'blockquote']);
    for (const t of ['ul', 'ol', 'li', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'rs']) own.add(t);
    fc.assert(
      fc.property(
        fc.string({
          maxLength: 200,
          unit: fc.constantFrom(...'#-*`>[]()! \n a1._<|:=~'.split(''), '<script>', '<img ', '</', '    '),
        }),
        (text) => {
          for (const t of tags(view(text))) expect(own).toContain(t);
        },
      ),
    );
  });
});
