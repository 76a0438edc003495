// What a text search looks at in a record: the text a person reads in the viewer, not the JSON it is
// written in. That is every string value as decoded (`\"`, `\n`, `\u00e9` undone), compared without case;
// field names, numbers and JSON punctuation are not searched, so "content" or `\n` do not match every
// record. The explorer's filter and the viewer's search box both ask this one question.

// Characters a JSON writer may put as an escape: quotes, backslashes, control characters, `/` and (with
// Python's default ensure_ascii) everything past ASCII.
// eslint-disable-next-line no-control-regex -- control characters are among what JSON escapes
const MAY_BE_ESCAPED = /[\u0000-\u001f"\\/\u007f-\uffff]/;

/** A test for one query over records' JSON text; an empty query matches every record. */
export function textMatcher(query: string): (json: string) => boolean {
  const needle = query.toLowerCase();
  if (needle === '') return () => true;
  // A needle with no character a writer might escape is in a decoded string only if it is in the JSON as
  // written, unless the writer escaped plain characters (`\u0041`, `\/`): most records are ruled out by
  // one substring test.
  const literal = !MAY_BE_ESCAPED.test(needle);
  return (json) => {
    if (literal && !json.toLowerCase().includes(needle) && !/\\[u/]/.test(json)) return false;
    for (const raw of stringValues(json)) {
      if (decode(raw).toLowerCase().includes(needle)) return true;
    }
    return false;
  };
}

const BACKSLASH = 92;

/**
 * The raw text (escapes not undone) of each string value in a JSON text, field names skipped. A scan
 * with indexOf rather than a regular expression: a regex with an alternation inside `*` recurses per
 * character in V8 and overflows the stack on a string of a few hundred kilobytes, which model output
 * reaches.
 */
function* stringValues(json: string): Generator<string> {
  let open = json.indexOf('"');
  while (open !== -1) {
    let close = json.indexOf('"', open + 1);
    while (close !== -1 && escaped(json, open, close)) close = json.indexOf('"', close + 1);
    if (close === -1) return; // an unterminated string: nothing more to read
    let after = close + 1;
    while (after < json.length && isJsonSpace(json.charCodeAt(after))) after++;
    if (json[after] !== ':') yield json.slice(open + 1, close);
    open = json.indexOf('"', after);
  }
}

/** Whether the quote at `at` is escaped: an odd run of backslashes before it, inside the string. */
function escaped(json: string, open: number, at: number): boolean {
  let i = at - 1;
  while (i > open && json.charCodeAt(i) === BACKSLASH) i--;
  return (at - 1 - i) % 2 === 1;
}

function isJsonSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

function decode(raw: string): string {
  if (!raw.includes('\\')) return raw;
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    // Not valid JSON escapes (the record is read as it is; the schema check reports it elsewhere).
    return raw;
  }
}
