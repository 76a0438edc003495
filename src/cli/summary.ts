import { parseArgs } from 'node:util';
import { BEHAVIOUR_FLAGS, scanRun } from '../core/metrics/behaviourScan';
import type { BehaviourScan } from '../core/metrics/behaviourScan';
import { discardCounts } from '../core/metrics/discardCounts';
import type { DiscardCounts } from '../core/metrics/discardCounts';
import { summarize } from '../core/metrics/summary';
import type { StepFacts } from '../core/importers/importResult';
import type { Summary } from '../core/metrics/summary';
import type { TrajectorySample } from '../core/trajectory/sample';
import { loadOrReport, parseFrom } from './convert';
import type { Io } from './convert';

const USAGE = `Usage: rollout-studio summary <file...> [--format text|json] [--from auto|tap|slime-dump|tau2|tau2-recipe|episode|chat|relax]

Prints tau2-bench's metrics over the samples of all files: simulations, tasks, average reward, pass^k and
the unbiased pass@k for k = 1 … the smallest trial count of any task (success: |reward − 1| ≤ 1e-6),
termination reasons, tool calls and tool errors, overall and per domain. infrastructure_error simulations
are left out, as tau2 does. Behaviour flags count samples with repeated identical calls (loop), done before
any other call, the length limit, empty responses and bursts of failed calls, and name the steps where the
shaped reward rose while success did not. Discarded counts training samples that never reached the
trainer: remove_sample, aborted, zero-std groups, and samples a step record's trained list leaves out. Unreadable records are reported on stderr and left out.`;

export async function runSummaryCommand(argv: string[], io: Io): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        format: { type: 'string', default: 'text' },
        from: { type: 'string', default: 'auto' },
        python: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    io.stderr(`${(e as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (parsed.values.help) {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  const format = parsed.values.format;
  const from = parseFrom(parsed.values.from);
  if (parsed.positionals.length === 0 || (format !== 'text' && format !== 'json') || from === undefined) {
    io.stderr(`${USAGE}\n`);
    return 2;
  }
  const samples: TrajectorySample[] = [];
  const steps: StepFacts[] = [];
  for (const file of parsed.positionals) {
    const result = await loadOrReport(file, from, io, parsed.values.python);
    if (result === undefined) return 2;
    samples.push(...result.samples);
    steps.push(...result.steps);
  }
  const summary = summarize(samples);
  const scan = scanRun(samples);
  const discarded = discardCounts(samples, steps);
  if (format === 'json') {
    const behaviour = { counts: scan.counts, byStep: scan.byStep, shapedDrift: scan.shapedDrift };
    io.stdout(`${JSON.stringify({ ...summary, behaviour, discarded }, null, 2)}\n`);
    return 0;
  }
  io.stdout(textSummary('all', summary));
  io.stdout(behaviourLines(scan));
  io.stdout(discardLine(discarded));
  for (const [domain, s] of Object.entries(summary.byDomain)) {
    if (Object.keys(summary.byDomain).length > 1) io.stdout(`\n${textSummary(domain, s)}`);
  }
  return 0;
}

function discardLine(d: DiscardCounts): string {
  const shown = Object.entries(d.counts)
    .filter(([, n]) => n > 0)
    .map(([reason, n]) => `${reason} ${n}`);
  return `  discarded   ${shown.join(', ') || 'none'} (training samples that never reached the trainer)\n`;
}

function behaviourLines(scan: BehaviourScan): string {
  const flagged = BEHAVIOUR_FLAGS.filter((f) => scan.counts[f] > 0).map((f) => `${f} ${scan.counts[f]}`);
  const drift = scan.shapedDrift.map((d) => d.step).join(', ');
  return [
    `  behaviour   ${flagged.join(', ') || 'nothing flagged'} (samples)`,
    ...(drift ? [`  shaped reward rose while success did not at step ${drift}`] : []),
    '',
  ].join('\n');
}

function textSummary(title: string, s: Summary): string {
  const num = (x: number) => x.toFixed(3);
  // Many trials per task (a training run) would print dozens of k; people read 1–4, powers of two and the last.
  const shown = (k: number, last: number) => k <= 4 || (k & (k - 1)) === 0 || k === last;
  const ks = (m: Record<string, number>) => {
    const entries = Object.entries(m);
    const last = entries.length;
    return (
      entries
        .filter(([k]) => shown(Number(k), last))
        .map(([k, v]) => `k=${k} ${num(v)}`)
        .join('  ') || '—'
    );
  };
  const reasons = Object.entries(s.terminationReasons)
    .map(([r, n]) => `${r} ${n}`)
    .join(', ');
  return [
    `${title}: ${s.simulations} simulations, ${s.tasks} tasks` +
      (s.infrastructureErrors > 0 ? ` (${s.infrastructureErrors} infrastructure errors left out)` : ''),
    `  avg reward  ${s.avgReward === null ? '—' : num(s.avgReward)}`,
    `  pass^k      ${ks(s.passHatK)}`,
    `  pass@k      ${ks(s.passAtK)}`,
    `  ended by    ${reasons || '—'}`,
    `  tool calls  ${s.toolCalls} (${s.toolErrors} tool errors)`,
    '',
  ].join('\n');
}
