import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import type { Io } from './convert';

type Options = NonNullable<ParseArgsConfig['options']>;
type WithHelp<O extends Options> = O & { help: { type: 'boolean'; short: 'h' } };
type Parsed<O extends Options> = ReturnType<
  typeof parseArgs<{ args: string[]; allowPositionals: true; options: WithHelp<O> }>
>;

/**
 * Reads a command's argv the way every command does: an unknown or malformed option prints the reason
 * and the usage (exit 2), --help prints the usage (exit 0); otherwise the parsed values and positionals.
 */
export function parseCommandArgs<O extends Options>(
  argv: string[],
  options: O,
  usage: string,
  io: Pick<Io, 'stdout' | 'stderr'>,
): Parsed<O> | number {
  let parsed: Parsed<O>;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { ...options, help: { type: 'boolean', short: 'h' } } as WithHelp<O>,
    });
  } catch (e) {
    io.stderr(`${(e as Error).message}\n\n${usage}\n`);
    return 2;
  }
  if ((parsed.values as { help?: boolean }).help) {
    io.stdout(`${usage}\n`);
    return 0;
  }
  return parsed;
}
