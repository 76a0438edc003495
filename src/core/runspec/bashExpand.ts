import { posix } from 'node:path';
import { tokenize } from './bashWords';
import type { Segment, Word } from './bashWords';
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
        ctx.problem(`$(${seg.source.trim()}) is a command substitution; it was not run and reads as empty.`);
      } else append(known);
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
 * The few substitutions every slime script uses to find itself:
 * `$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" &>/dev/null && pwd)` and `$(dirname -- X)`.
 */
function knownCommand(source: string, ctx: ExpandContext): string | undefined {
  const text = source.trim();
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
  return undefined;
}
