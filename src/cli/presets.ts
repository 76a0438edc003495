import { PRESETS } from '../core/runspec/presets';
import { parseCommandArgs } from './commandArgs';
import type { Io } from './convert';

const USAGE = `Usage: rollout-studio presets [--format text|json]

Lists the run presets Start GRPO Run offers. --format json prints [{"id", "spec"}], each spec a run spec
file as it would be saved under .rollout-studio/ (check one with 'rollout-studio check-spec --preset <id>').`;

/** `rollout-studio presets`: the presets the wizard offers, with their specs. */
export async function runPresetsCommand(argv: string[], io: Io): Promise<number> {
  const parsed = parseCommandArgs(argv, { format: { type: 'string', default: 'text' } }, USAGE, io);
  if (typeof parsed === 'number') return parsed;
  const format = parsed.values.format;
  if ((format !== 'text' && format !== 'json') || parsed.positionals.length > 0) {
    io.stderr(`${USAGE}\n`);
    return 2;
  }
  if (format === 'json') {
    const presets = PRESETS.map((p) => ({ id: p.id, spec: p.spec }));
    io.stdout(`${JSON.stringify(presets, null, 2)}\n`);
  } else {
    for (const p of PRESETS) io.stdout(`${p.id}\n  ${p.label}\n  ${p.description}\n`);
  }
  return 0;
}
