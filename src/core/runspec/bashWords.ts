// Just enough of bash's word syntax to read slime launch scripts (reference/slime.md 1.1): quotes,
// backslashes, `$VAR`, `${VAR}`, `${VAR:-default}`-style operators, `${ARR[@]}`, arrays `NAME=( ... )`,
// comments and line continuations. Command substitution and arithmetic are recognised and reported,
// never run.

export type Segment =
  | { kind: 'text'; text: string; quoted: boolean }
  | { kind: 'param'; expr: string; quoted: boolean }
  | { kind: 'command'; source: string; quoted?: boolean }
  /** An arithmetic command `(( … ))` as written, parentheses included. */
  | { kind: 'arith'; text: string };

export interface Word {
  segments: Segment[];
  /** Where the word starts in the script (1-based line), for messages. */
  line: number;
}

export type Token = { kind: 'word'; word: Word } | { kind: 'op'; op: string; line: number };

/** Splits a script into words and control operators (newline, ;, &&, ||, |, &, (, )). */
export function tokenize(script: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  const s = script;
  while (i < s.length) {
    const c = s[i] as string;
    if (c === '\\' && s[i + 1] === '\n') {
      i += 2;
      line++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === '#') {
      while (i < s.length && s[i] !== '\n') i++;
      continue;
    }
    if (c === '\n') {
      tokens.push({ kind: 'op', op: '\n', line });
      line++;
      i++;
      continue;
    }
    const two = s.slice(i, i + 2);
    if (two === '&&' || two === '||' || two === ';;') {
      tokens.push({ kind: 'op', op: two, line });
      i += 2;
      continue;
    }
    if (c === '(' && s[i + 1] === '(') {
      // `(( … ))` and `for (( … ))`: one word, read by the arithmetic reader.
      const end = matching(s, i, '(', ')');
      const text = s.slice(i, end + 1);
      tokens.push({ kind: 'word', word: { segments: [{ kind: 'arith', text }], line } });
      line += count(text, '\n');
      i = end + 1;
      continue;
    }
    if (';|&()<>'.includes(c)) {
      tokens.push({ kind: 'op', op: c, line });
      i++;
      continue;
    }
    const start = line;
    const segments: Segment[] = [];
    while (i < s.length) {
      const ch = s[i] as string;
      // Operators end a word; `NAME=(` then reads as an array assignment (importScript.ts).
      if (' \t\r\n;|&()<>'.includes(ch)) break;
      if (ch === '\\') {
        if (s[i + 1] === '\n') {
          i += 2;
          line++;
          continue;
        }
        segments.push({ kind: 'text', text: s[i + 1] ?? '', quoted: true });
        i += 2;
      } else if (ch === "'") {
        const end = s.indexOf("'", i + 1);
        const stop = end < 0 ? s.length : end;
        const text = s.slice(i + 1, stop);
        line += count(text, '\n');
        segments.push({ kind: 'text', text, quoted: true });
        i = stop + 1;
      } else if (ch === '"') {
        i++;
        let text = '';
        while (i < s.length && s[i] !== '"') {
          const d = s[i] as string;
          if (d === '\\' && '$`"\\\n'.includes(s[i + 1] ?? '')) {
            if (s[i + 1] !== '\n') text += s[i + 1];
            else line++;
            i += 2;
          } else if (d === '$' || d === '`') {
            if (text) segments.push({ kind: 'text', text, quoted: true });
            text = '';
            i = dollar(s, i, segments, true);
          } else {
            if (d === '\n') line++;
            text += d;
            i++;
          }
        }
        if (text || segments.length === 0) segments.push({ kind: 'text', text, quoted: true });
        i++;
      } else if (ch === '$' || ch === '`') {
        i = dollar(s, i, segments, false);
      } else {
        let text = '';
        while (i < s.length && !' \t\r\n;|&()<>\\\'"$`'.includes(s[i] as string)) text += s[i++];
        segments.push({ kind: 'text', text, quoted: false });
      }
    }
    tokens.push({ kind: 'word', word: { segments, line: start } });
  }
  return tokens;
}

/** Reads `$name`, `${...}`, `$(...)`, `$((...))` or a backquoted command at s[i]; returns the next index. */
function dollar(s: string, i: number, out: Segment[], quoted: boolean): number {
  if (s[i] === '`') {
    const end = s.indexOf('`', i + 1);
    const stop = end < 0 ? s.length : end;
    out.push({ kind: 'command', source: s.slice(i + 1, stop), quoted });
    return stop + 1;
  }
  const next = s[i + 1];
  if (next === '{') {
    const end = matching(s, i + 1, '{', '}');
    out.push({ kind: 'param', expr: s.slice(i + 2, end), quoted });
    return end + 1;
  }
  if (next === '(') {
    const end = matching(s, i + 1, '(', ')');
    out.push({ kind: 'command', source: s.slice(i + 2, end), quoted });
    return end + 1;
  }
  const m = /^(?:[A-Za-z_][A-Za-z0-9_]*|[0-9@*#?$!-])/.exec(s.slice(i + 1));
  if (!m) {
    out.push({ kind: 'text', text: '$', quoted });
    return i + 1;
  }
  out.push({ kind: 'param', expr: m[0], quoted });
  return i + 1 + m[0].length;
}

function matching(s: string, open: number, o: string, c: string): number {
  let depth = 0;
  for (let j = open; j < s.length; j++) {
    if (s[j] === '\\') j++;
    else if (s[j] === o) depth++;
    else if (s[j] === c && --depth === 0) return j;
  }
  return s.length;
}

function count(text: string, ch: string): number {
  return text.split(ch).length - 1;
}
