import { flagArgv } from './flagArgv';
import { BUNDLED_FLAGS } from './flagTable';
import type { FlagValue, RunSpec } from './runSpec';
import { TAP_FLAGS } from './tapFlags';

/**
 * The flags the entry really gets: the spec's, with the tap's hook flags when the tap is on. The
 * sample hook is an argparse `append` flag, so the tap's hook joins the user's; the log functions take
 * one value, so the tap's replaces the user's (lintSpec warns about that).
 */
export function effectiveArgs(spec: Pick<RunSpec, 'args' | 'tap'>): Record<string, FlagValue> {
  const args: Record<string, FlagValue> = { ...spec.args };
  if (!spec.tap) return args;
  for (const [flag, value] of Object.entries(TAP_FLAGS)) {
    const mine = args[flag];
    if (BUNDLED_FLAGS.flags.get(flag) === 'append' && mine !== undefined && mine !== false && mine !== true)
      args[flag] = [...(Array.isArray(mine) ? mine : [mine]), value];
    else args[flag] = value;
  }
  return args;
}

/**
 * argv words after the entry script. `append` flags (given as a list) repeat the flag once per value,
 * which is how argparse collects them; everything else follows flagArgv.
 */
export function entryFlagArgv(spec: Pick<RunSpec, 'args' | 'tap'>): string[] {
  const argv: string[] = [];
  for (const [flag, value] of Object.entries(effectiveArgs(spec))) {
    if (Array.isArray(value) && BUNDLED_FLAGS.flags.get(flag) === 'append')
      for (const v of value) argv.push(flag, String(v));
    else argv.push(...flagArgv({ [flag]: value }));
  }
  return argv;
}
