// A small Markdown reader for model output: it returns a tree of blocks and inline spans whose leaves are
// plain strings. The viewer renders the tree with lit text bindings, so nothing the model wrote can become
// markup, whatever it contains: there is no HTML string anywhere to sanitize. Raw HTML in the input stays
// text, and links are shown, never followed.

export type Inline =
  | { kind: 'text'; text: string }
  | { kind: 'code'; text: string }
  | { kind: 'strong'; children: Inline[] }
  | { kind: 'em'; children: Inline[] }
  | { kind: 'link'; children: Inline[]; href: string };

export type Block =
  | { kind: 'heading'; level: number; children: Inline[] }
  | { kind: 'paragraph'; children: Inline[] }
  | { kind: 'code'; lang: string; text: string }
  | { kind: 'list'; ordered: boolean; items: Inline[][] }
  | { kind: 'quote'; children: Inline[] }
  | { kind: 'rule' };

const FENCE = /^ {0,3}(`{3,}|~{3,})\s*([^`\s]*)/;
const HEADING = /^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$/;
const BULLET = /^ {0,3}[-*+]\s+(.*)$/;
const ORDERED = /^ {0,3}\d{1,9}[.)]\s+(.*)$/;
const QUOTE = /^ {0,3}>\s?(.*)$/;
const RULE = /^ {0,3}([-*_])(\s*\1){2,}\s*$/;

const startsBlock = (line: string) =>
  FENCE.test(line) ||
  HEADING.test(line) ||
  BULLET.test(line) ||
  ORDERED.test(line) ||
  QUOTE.test(line) ||
  RULE.test(line);

export function markdownBlocks(text: string): Block[] {
  const lines = text.split(/\r?\n/);
  const blocks: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    const fence = FENCE.exec(line);
    if (fence) {
      const close = fence[1]!;
      const body: string[] = [];
      i++;
      // An unclosed fence runs to the end, as in CommonMark (a truncated turn often ends inside one).
      while (i < lines.length && !lines[i]!.trimStart().startsWith(close)) body.push(lines[i++]!);
      i++;
      blocks.push({ kind: 'code', lang: fence[2] ?? '', text: body.join('\n') });
      continue;
    }
    if (line.trim() === '') {
      i++;
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      blocks.push({ kind: 'heading', level: heading[1]!.length, children: inlines(heading[2]!) });
      i++;
      continue;
    }
    if (RULE.test(line)) {
      blocks.push({ kind: 'rule' });
      i++;
      continue;
    }
    const list = BULLET.test(line) ? BULLET : ORDERED.test(line) ? ORDERED : undefined;
    if (list) {
      const items: Inline[][] = [];
      while (i < lines.length && list.test(lines[i]!)) items.push(inlines(list.exec(lines[i++]!)![1]!));
      blocks.push({ kind: 'list', ordered: list === ORDERED, items });
      continue;
    }
    if (QUOTE.test(line)) {
      const body: string[] = [];
      while (i < lines.length && QUOTE.test(lines[i]!)) body.push(QUOTE.exec(lines[i++]!)![1]!);
      // Line by line: with the markers gone, the joined lines would not be a piece of the input.
      const children = body.flatMap((l, k): Inline[] => [
        ...(k > 0 ? [{ kind: 'text' as const, text: '\n' }] : []),
        ...inlines(l),
      ]);
      blocks.push({ kind: 'quote', children });
      continue;
    }
    const body: string[] = [];
    while (i < lines.length && lines[i]!.trim() !== '' && (body.length === 0 || !startsBlock(lines[i]!)))
      body.push(lines[i++]!);
    blocks.push({ kind: 'paragraph', children: inlines(body.join('\n')) });
  }
  return blocks;
}

// `__` binds only outside words, so identifiers such as `window.__proto__` stay as written.
const INLINE =
  /`([^`\n]+)`|\*\*(.+?)\*\*|(?<!\w)__(\S(?:.*?\S)?)__(?!\w)|\*([^*\s](?:[^*]*[^*\s])?)\*|\[([^\]\n]+)\]\(([^)\s]+)\)/g;

export function inlines(text: string): Inline[] {
  const out: Inline[] = [];
  let last = 0;
  for (const m of text.matchAll(INLINE)) {
    if (m.index > last) out.push({ kind: 'text', text: text.slice(last, m.index) });
    if (m[1] !== undefined) out.push({ kind: 'code', text: m[1] });
    else if (m[2] !== undefined || m[3] !== undefined)
      out.push({ kind: 'strong', children: inlines(m[2] ?? m[3]!) });
    else if (m[4] !== undefined) out.push({ kind: 'em', children: inlines(m[4]) });
    else out.push({ kind: 'link', children: inlines(m[5]!), href: m[6]! });
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push({ kind: 'text', text: text.slice(last) });
  return out;
}
