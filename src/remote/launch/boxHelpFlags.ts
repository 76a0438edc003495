import { BUNDLED_FLAGS } from '../../core/runspec/flagTable';
import type { FlagTable } from '../../core/runspec/flagTable';
import type { HelpCacheKey, HelpFlagCache } from '../../core/runspec/helpFlagCache';
import { flagsFromHelp } from '../../core/runspec/helpFlags';
import type { Target } from '../target';

// The files whose change changes what --help prints, besides the entry: slime's own arguments and the
// Megatron arguments slime adds (slime/utils/arguments.py, slime/backends/megatron_utils/arguments.py).
const ARGUMENT_FILES = ['slime/utils/arguments.py', 'slime/backends/megatron_utils/arguments.py'];

// A git checkout is known by its commit, plus the stat of any of those files edited since; anything
// else (a copied tree, git missing or refusing the directory) by the stat of the files themselves.
const FINGERPRINT = [
  'cd -- "$1" 2>/dev/null || exit 3',
  'shift',
  'stat_of() { stat -c "%n %s %Y" -- "$1" 2>/dev/null || echo "$1 absent"; }',
  'if head=$(git rev-parse --verify -q HEAD 2>/dev/null) && [ -n "$head" ]; then',
  '  echo "git $head"',
  '  git diff --name-only --relative HEAD -- "$@" 2>/dev/null | while IFS= read -r f; do stat_of "$f"; done',
  'else',
  '  echo files',
  '  for f in "$@"; do stat_of "$f"; done',
  'fi',
].join('\n');

export interface CheckoutFingerprint {
  /** Changes whenever the flags --help prints may have changed. */
  fingerprint: string;
  /** For messages: "commit 1a2b3c4d", "commit 1a2b3c4d with local edits" or "an unversioned checkout". */
  label: string;
}

export async function checkoutFingerprint(
  target: Target,
  workdir: string,
  entry: string,
): Promise<CheckoutFingerprint | undefined> {
  const r = await target.exec(['sh', '-c', FINGERPRINT, 'sh', workdir, entry, ...ARGUMENT_FILES], {
    timeoutMs: 30_000,
  });
  if (r.code !== 0) return undefined;
  const fingerprint = r.stdout.toString().trim();
  const [first = '', ...rest] = fingerprint.split('\n');
  const label = first.startsWith('git ')
    ? `commit ${first.slice(4, 12)}${rest.length > 0 ? ' with local edits' : ''}`
    : 'an unversioned checkout';
  return { fingerprint, label };
}

export interface BoxHelp {
  /** undefined: --help could not be read; lint with the bundled table. */
  table?: FlagTable;
  /** box: run now; cache: read earlier for this same checkout. */
  origin: 'box' | 'cache' | 'unavailable';
  /** What the table is valid for, e.g. "commit 1a2b3c4d". */
  checkout?: string;
  /** Why there is no table, for the review: no checkout at the workdir, or --help failed there. */
  reason?: string;
}

/**
 * The flags `python <entry> --help` prints in the workdir on the box, asked once per checkout: the
 * cache answers while the fingerprint is the same, and a new commit asks the box again.
 */
export async function boxHelpTable(
  target: Target,
  key: HelpCacheKey,
  cache: HelpFlagCache,
  now: () => Date = () => new Date(),
): Promise<BoxHelp> {
  const checkout = await checkoutFingerprint(target, key.workdir, key.entry).catch(() => undefined);
  // Without a fingerprint (the workdir is missing) nothing could be cached safely.
  if (!checkout) return { origin: 'unavailable', reason: `no checkout at ${key.workdir}` };
  const cached = cache.lookup(key, checkout.fingerprint);
  if (cached) return { table: cached.table, origin: 'cache', checkout: checkout.label };
  const failed = `${key.python} ${key.entry} --help printed no flags at ${checkout.label}`;
  if (cache.failed(key, checkout.fingerprint))
    return { origin: 'unavailable', checkout: checkout.label, reason: failed };
  const r = await target
    .exec(['sh', '-c', 'cd -- "$1" && exec "$2" "$3" --help', 'sh', key.workdir, key.python, key.entry], {
      timeoutMs: 90_000,
    })
    .catch(() => undefined);
  const table = r
    ? flagsFromHelp(
        r.stdout.toString(),
        `${key.entry} --help on ${key.box} (${checkout.label})`,
        BUNDLED_FLAGS.openPrefixes,
      )
    : undefined;
  if (!table) {
    cache.noteFailure(key, checkout.fingerprint);
    return { origin: 'unavailable', checkout: checkout.label, reason: failed };
  }
  cache.store(key, checkout.fingerprint, table, now());
  return { table, origin: 'box', checkout: checkout.label };
}

/** Which flag table the review linted against, and why the bundled one when it was. */
export function describeFlagSource(help: BoxHelp, entry: string, boxLabel: string): string {
  if (help.table)
    return `${entry} --help on ${boxLabel} at ${help.checkout ?? 'this checkout'}${help.origin === 'cache' ? ' (read earlier for this checkout)' : ''}`;
  return `the bundled slime table: ${help.reason ?? `${entry} --help could not be read`} on ${boxLabel}`;
}
