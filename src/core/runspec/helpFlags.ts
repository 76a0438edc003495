import type { FlagKind, FlagTable } from './flagTable';

// `python3 train.py --help` prints argparse's help for slime's Megatron+slime parser. SGLang's parser
// is separate and built with add_help=False (slime/backends/sglang_utils/arguments.py), so --sglang-*
// and --router-* flags never appear there: they stay open prefixes checked against the bundled table.

// An option line starts with a short indent and a dash; descriptions are indented further or start
// with a letter.
const OPTION_LINE =
  /^ {1,8}(-{1,2}[A-Za-z0-9][^\s,]*(?:[ =][^\s,-][^,]*?)?(?:, -{1,2}[A-Za-z0-9][^\s,]*(?:[ =][^\s,-][^,]*?)?)*)(?: {2,}|$)/;

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
  for (const line of help.split('\n')) {
    const m = OPTION_LINE.exec(line);
    if (!m?.[1]) continue;
    for (const spec of m[1].split(', ')) {
      const [flag, ...metavars] = spec.trim().split(/[ =]/);
      if (!flag?.startsWith('--')) continue;
      flags.set(flag, kindOf(metavars.join(' ')));
    }
  }
  if (flags.size === 0) return undefined;
  return { source, flags, openPrefixes };
}

function kindOf(metavar: string): FlagKind {
  if (metavar === '') return 'bare';
  // argparse writes nargs='+' as "X [X ...]" and nargs='*' as "[X ...]".
  if (metavar.includes('...')) return 'list';
  return 'value';
}
