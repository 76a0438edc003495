export const OPEN = '<tool_call>';
export const CLOSE = '</tool_call>';

/** How `<tool_call>`/`</tool_call>` tags pair up in a stretch of text, regardless of what a parser accepts. */
export type TagRegion =
  | { kind: 'pair'; open: number; close: number; start: number; end: number }
  | { kind: 'unclosed'; open: number; start: number; end: number }
  | { kind: 'stray'; close: number; start: number; end: number };

/**
 * Pairs the tags in [from, to), skipping the spans in `opaque` (blocks whose JSON parsed: a tag inside a
 * JSON string is not structure). An opening tag followed by another opening tag, an opaque span or the end
 * is unclosed; a closing tag with nothing open is stray. `opaque` must be sorted.
 */
export function pairTags(
  text: string,
  from: number,
  to: number,
  opaque: readonly { start: number; end: number }[],
): TagRegion[] {
  const regions: TagRegion[] = [];
  let open = -1;
  let span = 0;
  let i = from;
  const closeOpen = (at: number): void => {
    if (open !== -1) regions.push({ kind: 'unclosed', open, start: open, end: at });
    open = -1;
  };
  while (i < to) {
    const nextSpan = opaque[span];
    if (nextSpan !== undefined && nextSpan.end <= i) {
      span++;
      continue;
    }
    const o = text.indexOf(OPEN, i);
    const c = text.indexOf(CLOSE, i);
    const tag = Math.min(o === -1 ? Infinity : o, c === -1 ? Infinity : c);
    if (nextSpan !== undefined && nextSpan.start <= tag && nextSpan.start < to) {
      closeOpen(nextSpan.start);
      i = nextSpan.end;
      span++;
      continue;
    }
    if (tag >= to) break;
    if (tag === o) {
      closeOpen(o);
      open = o;
      i = o + OPEN.length;
    } else {
      if (open === -1) regions.push({ kind: 'stray', close: c, start: c, end: c + CLOSE.length });
      else regions.push({ kind: 'pair', open, close: c, start: open, end: c + CLOSE.length });
      open = -1;
      i = c + CLOSE.length;
    }
  }
  closeOpen(to);
  return regions;
}
