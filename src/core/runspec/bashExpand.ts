import { posix } from 'node:path';
import { tokenize } from './bashWords';
import type { Segment, Word } from './bashWords';
import { evaluateArithmetic } from './bashArithmetic';
import { secretRef } from './secretRef';

export type Value = string | string[];

export interface ExpandContext {
  vars: Map<string, Value>;
  /** Path of the script being read, for `${BASH_SOURCE[0]}` and `$0`. */
  scriptPath: string;
  /** Called once per thing that could not be expanded (command substitution, unset variable). */
  problem: (message: string) => void;
  /** Variables read as a marker naming them (secretRef) instead of their value. */
  isSecret?: (name: string) => boolean;
}

/** Expands a word into fields the way bash would, without running anything. */
export function expandWord(word: Word, ctx: ExpandContext): string[] {
  return expandSegments(word.segments, ctx);
}

function expandSegments(segments: Segment[], ctx: ExpandContext): string[] {
  // Fields being built; `open` says whether the last field may still grow (no split since).
  const fields: string[] = [];
  let current: string | undefined;
  const append = (text: string) => (current = (current ?? '') + text);
  const split = (text: string) => {
    const parts = text.split(/[ \t\n]+/);
    parts.forEach((p, k) => {
      if (k > 0) {
        if (current !== undefined && current !== '') fields.push(current);
        current = undefined;
      }
      if (p !== '') append(p);
    });
  };
  let sawQuoted = false;
  for (const seg of segments) {
    if (seg.kind === 'text') {
      append(seg.text);
      sawQuoted ||= seg.quoted;
    } else if (seg.kind === 'command') {
      const known = knownCommand(seg.source, ctx);
      if (known === undefined) {
        const arithmetic = /^\(([\s\S]*)\)$/.exec(seg.source)?.[1];
        ctx.problem(
          arithmetic === undefined
            ? `$(${shortSource(seg.source)}) is a command substitution; it was not run and reads as empty.`
            : `$((${arithmetic.trim()})) is arithmetic Rollout Studio does not read; it reads as empty.`,
        );
      } else if (seg.quoted === true) append(known);
      else split(known);
      if (seg.quoted === true) sawQuoted = true;
    } else if (seg.kind === 'arith') {
      // Only a command is `(( … ))`; as an argument it is the text it was.
      append(seg.text);
      sawQuoted = true;
    } else if (seg.expr === '@' || seg.expr === '*') {
      // The script's own arguments: an import runs it with none, so "$@" is no word at all.
      continue;
    } else {
      const value = parameter(seg.expr, ctx);
      if (Array.isArray(value)) {
        // "${ARR[@]}" gives one field per element; unquoted, each element is split again.
        value.forEach((v, k) => {
          if (k > 0) {
            if (current !== undefined) fields.push(current);
            current = undefined;
          }
          if (seg.quoted) append(v);
          else split(v);
        });
        if (seg.quoted && value.length > 0) sawQuoted = true;
      } else if (seg.quoted) {
        append(value);
        sawQuoted = true;
      } else split(value);
    }
  }
  if (current !== undefined && (current !== '' || sawQuoted)) fields.push(current);
  return fields;
}

/** A substitution's source as a message quotes it: its first line, cut at 80 characters. */
function shortSource(source: string): string {
  const text = source.trim();
  const first = text.split('\n', 1)[0] as string;
  return first.length > 80 ? `${first.slice(0, 79)}…` : first === text ? text : `${first} …`;
}

/** `${...}` contents: NAME, NAME[@], NAME[0], and the :- - :+ + := operators. */
function parameter(expr: string, ctx: ExpandContext): Value {
  const m = /^([A-Za-z_][A-Za-z0-9_]*|[0-9@*#?$!-])(\[[^\]]*\])?(?:(:?[-+=])([\s\S]*))?$/.exec(expr);
  if (!m) {
    ctx.problem(`\${${expr}} uses a parameter expansion Rollout Studio does not read.`);
    return '';
  }
  const [, name = '', index, op, rest = ''] = m;
  const raw = lookup(name, index, ctx);
  const set = raw !== undefined;
  const nonEmpty = set && (Array.isArray(raw) ? raw.length > 0 : raw !== '');
  if (op) {
    const useWord = op.startsWith(':') ? (op.endsWith('+') ? nonEmpty : !nonEmpty) : op === '+' ? set : !set;
    if (!useWord) return op.endsWith('+') ? '' : (raw ?? '');
    const fields = expandWordText(rest, ctx);
    if (op.endsWith('=')) ctx.vars.set(name, fields.join(' '));
    return fields.length === 1 ? (fields[0] ?? '') : fields;
  }
  if (raw === undefined) {
    if (!['@', '*', '#'].includes(name)) ctx.problem(`$${name} is not set in the script; it reads as empty.`);
    return '';
  }
  return raw;
}

function lookup(name: string, index: string | undefined, ctx: ExpandContext): Value | undefined {
  if (name === 'BASH_SOURCE' || name === '0') return ctx.scriptPath;
  // Set or not in the script: a credential comes from the user's environment when the script runs.
  if (ctx.isSecret?.(name) === true) return secretRef(name);
  const v = ctx.vars.get(name);
  if (v === undefined) return undefined;
  if (index === '[@]' || index === '[*]') return Array.isArray(v) ? v : [v];
  if (index !== undefined) {
    const k = Number(index.slice(1, -1));
    return Array.isArray(v) ? v[k] : k === 0 ? v : undefined;
  }
  return Array.isArray(v) ? (v[0] ?? '') : v;
}

/** Expands the text of an operator's word (e.g. the `"${X[@]}"` of `${X[@]+"${X[@]}"}`). */
function expandWordText(text: string, ctx: ExpandContext): string[] {
  const tokens = tokenize(text);
  return tokens.flatMap((t) => (t.kind === 'word' ? expandWord(t.word, ctx) : []));
}

/**
 * The few substitutions slime scripts use, read without running anything: arithmetic `$(( … ))`,
 * `$(seq …)`, `$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" &>/dev/null && pwd)`, `$(dirname -- X)` and
 * `$(basename -- X)`.
 */
function knownCommand(source: string, ctx: ExpandContext): string | undefined {
  // $(( … )) arrives as the command `( … )`.
  const arithmetic = /^\(([\s\S]*)\)$/.exec(source)?.[1];
  if (arithmetic !== undefined) {
    const value = evaluateArithmetic(arithmetic, (name) => {
      const v = lookup(name, undefined, ctx);
      return Array.isArray(v) ? v[0] : v;
    });
    return value === undefined ? undefined : String(value);
  }
  const text = source.trim();
  // `IFS=', '; echo "${arr[*]}"`: the array joined by the first character of IFS.
  const join =
    /^IFS=(?:'([^']*)'|"([^"]*)"|(\S*))\s*;\s*echo\s+"?\$\{([A-Za-z_][A-Za-z0-9_]*)\[\*\]\}"?$/.exec(text);
  if (join) {
    const ifs = join[1] ?? join[2] ?? join[3] ?? '';
    const values = lookup(join[4] as string, '[*]', ctx);
    return values === undefined ? '' : (values as string[]).join(ifs.slice(0, 1));
  }
  // `cat <<EOF … EOF`: the here-document's text, expanded like a double-quoted string unless the
  // delimiter is quoted.
  const here = /^cat\s+<<-?\s*(['"]?)([A-Za-z_][A-Za-z0-9_]*)\1\s*\n([\s\S]*?)\n\s*\2\s*$/.exec(text);
  if (here) {
    const body = here[3] as string;
    if (here[1] !== '') return body;
    // Backslashes escape the same characters in both; only a quote means itself in a here-document.
    return expandWordText(`"${body.replace(/"/g, '\\"')}"`, ctx).join('');
  }
  // seq LAST, seq FIRST LAST, seq FIRST STEP LAST over integers: one number per line.
  const seq = /^seq((?:\s+-?\d+){1,3})$/.exec(text);
  if (seq?.[1]) {
    const n = seq[1].trim().split(/\s+/).map(Number);
    const [first, step, last] =
      n.length === 1 ? [1, 1, n[0]!] : n.length === 2 ? [n[0]!, 1, n[1]!] : [n[0]!, n[1]!, n[2]!];
    if (step === 0) return undefined;
    const out: number[] = [];
    for (let v = first; step > 0 ? v <= last : v >= last; v += step) out.push(v);
    return out.join('\n');
  }
  const cd = /^cd\s+(?:--\s+)?(.+?)\s*(?:&>\s*\/dev\/null\s*|>\s*\/dev\/null\s*(?:2>&1\s*)?)?&&\s*pwd$/.exec(
    text,
  );
  if (cd?.[1]) {
    const dir = expandWordText(cd[1], ctx)[0];
    return dir === undefined ? undefined : posix.normalize(dir).replace(/(.)\/$/, '$1');
  }
  const dirname = /^dirname\s+(?:--\s+)?(.+)$/.exec(text);
  if (dirname?.[1]) {
    const path = expandWordText(dirname[1], ctx)[0];
    return path === undefined ? undefined : posix.dirname(path);
  }
  const basename = /^basename\s+(?:--\s+)?(\S+)(?:\s+(\S+))?$/.exec(text);
  if (basename?.[1]) {
    const path = expandWordText(basename[1], ctx)[0];
    const suffix = basename[2] === undefined ? undefined : expandWordText(basename[2], ctx)[0];
    if (path === undefined) return undefined;
    const base = posix.basename(path);
    return suffix !== undefined && base !== suffix && base.endsWith(suffix)
      ? base.slice(0, -suffix.length)
      : base;
  }
  return undefined;
}
