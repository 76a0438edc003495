import type { FlagValue } from './runSpec';

/**
 * Turns the spec's flag map into argv words in the map's order: `true` is a bare flag, `false` leaves
 * the flag out, a list puts every value after the one flag (argparse `nargs`), anything else is one
 * value. Values are kept byte for byte; quoting is the launch script's job.
 */
export function flagArgv(args: Readonly<Record<string, FlagValue>>): string[] {
  const argv: string[] = [];
  for (const [flag, value] of Object.entries(args)) {
    if (value === false) continue;
    if (value === true) argv.push(flag);
    else if (Array.isArray(value)) argv.push(flag, ...value.map(String));
    else argv.push(flag, String(value));
  }
  return argv;
}
