// What a text search looks at in a record: the text a person reads in the viewer, not the JSON it is
// written in. That is every string value as decoded (`\"`, `\n`, `\u00e9` undone), compared without case;
// field names, numbers and JSON punctuation are not searched, so "content" or `\n` do not match every
// record. The explorer's filter and the viewer's search box both ask this one question.

// A string token and, when it is a field name, the colon after it.
const STRING = /"((?:[^"\\]|\\.)*)"(\s*:)?/g;
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
    for (const m of json.matchAll(STRING)) {
      if (m[2] !== undefined) continue;
      if (decode(m[1]!).toLowerCase().includes(needle)) return true;
    }
    return false;
  };
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
