import { dirname, join } from 'node:path';
import { RUN_FILES, RunRecordSchema } from '../core/run/runFiles';
import { readConsoleReport } from '../core/runspec/consoleReport';
import type { ConsoleReport } from '../core/runspec/consoleReport';
import { stepsPerRollout as stepsOfArgv } from '../core/runspec/stepsPerRollout';
import { PHASE_LABELS, TIMELINE_PHASES } from '../shared/timelinePhases';
import { parseCommandArgs } from './commandArgs';
import type { Io } from './convert';

const USAGE = `Usage: rollout-studio console <console.log> [--format text|json] [--steps-per-rollout N]

Reads a slime run's console output the way the extension follows a run: the likely cause of a failure
(cuda-oom, nccl, hf-config-mismatch, router-no-workers, …) with the line that names it, the progress
(the last rollout id and every metric's latest value, under slime's own names such as rollout/raw_reward
and passrate/pass@1) and the step timeline from slime's Timer and perf lines. Lines may carry Ray's
'(Actor pid=N)' and a log collector's '[time] <pod> >>' prefixes. --steps-per-rollout turns the trainer's
'step N' lines into rollouts when it takes several optimizer steps per rollout (default: from the
run.json beside the console.log, else 1).
--format json prints {"failure": null | {"cause", "line", "message"}, "progress": {"step", "metrics"},
"steps": [...]}. Exit code 0 whether or not a failure is named; 2: bad usage or unreadable input.`;

/** `rollout-studio console <console.log>`: failure, progress and timeline of a run's console. */
export async function runConsoleCommand(argv: string[], io: Io): Promise<number> {
  const parsed = parseCommandArgs(
    argv,
    { format: { type: 'string', default: 'text' }, 'steps-per-rollout': { type: 'string' } },
    USAGE,
    io,
  );
  if (typeof parsed === 'number') return parsed;
  const format = parsed.values.format;
  const stepsText = parsed.values['steps-per-rollout'];
  const stepsGiven = stepsText === undefined ? undefined : Number(stepsText);
  const [file, ...extra] = parsed.positionals;
  if (
    file === undefined ||
    extra.length > 0 ||
    (format !== 'text' && format !== 'json') ||
    (stepsGiven !== undefined && (!Number.isInteger(stepsGiven) || stepsGiven < 1))
  ) {
    io.stderr(`${USAGE}\n`);
    return 2;
  }
  let text: string;
  try {
    text = await io.readFile(file);
  } catch (e) {
    io.stderr(`console: cannot read ${file}: ${(e as Error).message}\n`);
    return 2;
  }
  const report = readConsoleReport(text, stepsGiven ?? (await stepsBeside(file, io)));
  if (format === 'json') {
    const f = report.failure;
    const failure = f && { cause: f.cause, line: f.line, message: f.message };
    io.stdout(`${JSON.stringify({ ...report, failure }, null, 2)}\n`);
  } else io.stdout(textReport(file, report));
  return 0;
}

/** A run directory's console.log has its run.json beside it: the argv says the steps per rollout. */
async function stepsBeside(file: string, io: Io): Promise<number> {
  try {
    const record = RunRecordSchema.safeParse(
      JSON.parse(await io.readFile(join(dirname(file), RUN_FILES.record))),
    );
    return record.success ? stepsOfArgv(record.data.argv) : 1;
  } catch {
    // A console.log copied out of its run directory: one step per rollout, as slime's defaults give.
    return 1;
  }
}

function textReport(file: string, r: ConsoleReport): string {
  const out: string[] = [];
  const f = r.failure;
  if (f) out.push(`${file}:${f.line}: ${f.cause}: ${f.title}`, `  ${f.message}`, `  ${f.advice}`);
  else out.push(`${file}: no failure cause named`);
  const metrics = Object.entries(r.progress.metrics);
  out.push(
    `progress    ${r.progress.step === null ? 'no step yet' : `step ${r.progress.step}`}, ${metrics.length} metrics`,
    ...metrics.map(([name, value]) => `  ${name} ${value}`),
  );
  for (const s of r.steps) {
    const parts = TIMELINE_PHASES.filter((p) => s.seconds[p] > 0).map(
      (p) => `${PHASE_LABELS[p]} ${s.seconds[p].toFixed(1)} s`,
    );
    const running = s.running.length > 0 ? ` (running: ${s.running.join(', ')})` : '';
    out.push(
      `step ${s.step}${s.complete ? '' : ' (in progress)'}: ${parts.join(', ') || 'no time yet'}${running}`,
    );
  }
  return `${out.join('\n')}\n`;
}
