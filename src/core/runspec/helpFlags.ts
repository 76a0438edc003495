import type { FlagKind, FlagTable } from './flagTable';

// `python3 train.py --help` prints argparse's help for slime's Megatron+slime parser. SGLang's parser
// is separate and built with add_help=False (slime/backends/sglang_utils/arguments.py), so --sglang-*
// and --router-* flags never appear there: they stay open prefixes checked against the bundled table.

// argparse lists each option as `  -h, --help` / `  --flag METAVAR` / `  --flag {a,b} [{a,b} ...]`: a
// short indent, the option strings joined by ", ", then two or more spaces (or the line's end) before
// the description. Description lines are indented further and never start the line with a dash.
const OPTION_LINE = /^ {1,8}(-{1,2}[A-Za-z0-9]\S*(?: \S+)*?)(?: {2,}(.*)|\s*$)/;
// argparse's own wording for an `action="append"` flag is nothing; slime's help says "May be repeated".
const REPEATABLE = /\b(?:may|can) be (?:repeated|given (?:more than once|several times|multiple times))\b/i;

/**
 * Reads the flags an argparse `--help` text lists. Returns undefined when the text does not look like
 * argparse help (a traceback, an import error), so a broken entry never yields an empty table that
 * would call every flag unknown.
 */
export function flagsFromHelp(
  help: string,
  source: string,
  openPrefixes: readonly string[],
): FlagTable | undefined {
  if (!/^usage: /m.test(help)) return undefined;
  const flags = new Map<string, FlagKind>();
  const counts = new Map<string, number>();
  let current: { names: string[]; description: string } | undefined;
  const finish = () => {
    if (current && REPEATABLE.test(current.description))
      for (const name of current.names) flags.set(name, 'append');
    current = undefined;
  };
  for (const line of help.split('\n')) {
    const m = OPTION_LINE.exec(line);
    if (!m?.[1]) {
      // A description line (or a blank, a group title) continues or ends the option before it.
      if (current && /^ {9,}\S/.test(line)) current.description += ` ${line.trim()}`;
      else finish();
      continue;
    }
    finish();
    current = { names: [], description: m[2] ?? '' };
    // Option strings are joined by ", "; a choice list `{a,b}` has commas but no space after them.
    for (const spec of m[1].split(/, (?=-)/)) {
      const space = spec.indexOf(' ');
      const flag = space < 0 ? spec : spec.slice(0, space);
      if (!flag.startsWith('--')) continue;
      const shape = shapeOf(space < 0 ? '' : spec.slice(space + 1));
      flags.set(flag, shape.kind);
      if (shape.count !== undefined) counts.set(flag, shape.count);
      current.names.push(flag);
    }
  }
  finish();
  if (flags.size === 0) return undefined;
  return { source, flags, openPrefixes, ...(counts.size > 0 ? { counts } : {}) };
}

/**
 * argparse writes nargs='+' as "X [X ...]", nargs='*' as "[X ...]", nargs=N as N metavars ("X X X"),
 * and a choice list as one word "{a,b}".
 */
function shapeOf(metavars: string): { kind: FlagKind; count?: number } {
  if (metavars === '') return { kind: 'bare' };
  if (metavars.includes('...')) return { kind: 'list' };
  const words = metavars.split(' ').length;
  return words > 1 ? { kind: 'list', count: words } : { kind: 'value' };
}
