/**
 * The deepest JSON nesting Rollout Studio reads. Python's json.loads and json.dumps (3.11 and older) give up
 * with RecursionError near 1,000 levels, so neither SGLang nor the tap writes or reads anything deeper; and
 * past a few thousand levels JSON.stringify, structured cloning (webview messages) and schema validation run
 * out of stack. Deeper text is reported where its nesting crosses this line, and not read.
 */
export const MAX_JSON_DEPTH = 1000;

/**
 * Offset of the first `[` or `{` outside strings nested deeper than `limit`, or -1. Cheap for ordinary
 * text: only text holding at least `limit` opening brackets (anywhere, strings included) is scanned.
 */
export function tooDeepAt(text: string, limit = MAX_JSON_DEPTH): number {
  if (!hasOpeners(text, limit + 1)) return -1;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // Skip the string; an unterminated one runs to the end.
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c) i++;
        else if (d === 0x22) break;
      }
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return i;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return -1;
}

/** Whether text holds at least `count` of `[` and `{` together; indexOf is far cheaper than a scan. */
function hasOpeners(text: string, count: number): boolean {
  if (text.length < count) return false;
  let found = 0;
  for (const opener of ['[', '{']) {
    for (let i = text.indexOf(opener); i >= 0; i = text.indexOf(opener, i + 1)) {
      if (++found >= count) return true;
    }
  }
  return false;
}

/** Why a record or block too deep to read is left out, for a diagnostic or an import problem. */
export function tooDeepReason(): string {
  return `it nests more than ${MAX_JSON_DEPTH.toLocaleString('en')} levels of [ and {, deeper than Python's json.loads reads (RecursionError)`;
}
