import { parseArgs } from 'node:util';
import { summarize } from '../core/metrics/summary';
import type { Summary } from '../core/metrics/summary';
import type { TrajectorySample } from '../core/trajectory/sample';
import { loadOrReport, parseFrom } from './convert';
import type { Io } from './convert';

const USAGE = `Usage: rollout-studio summary <file...> [--format text|json] [--from auto|tap|slime-dump|tau2|tau2-recipe|episode|chat]

Prints tau2-bench's metrics over the samples of all files: simulations, tasks, average reward, pass^k and
the unbiased pass@k for k = 1 … the smallest trial count of any task (success: |reward − 1| ≤ 1e-6),
termination reasons, tool calls and tool errors, overall and per domain. infrastructure_error simulations
are left out, as tau2 does. Unreadable records are reported on stderr and left out.`;

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
  for (const file of parsed.positionals) {
    const result = await loadOrReport(file, from, io, parsed.values.python);
    if (result === undefined) return 2;
    samples.push(...result.samples);
  }
  const summary = summarize(samples);
  if (format === 'json') {
    io.stdout(`${JSON.stringify(summary, null, 2)}\n`);
    return 0;
  }
  io.stdout(textSummary('all', summary));
  for (const [domain, s] of Object.entries(summary.byDomain)) {
    if (Object.keys(summary.byDomain).length > 1) io.stdout(`\n${textSummary(domain, s)}`);
  }
  return 0;
}

function textSummary(title: string, s: Summary): string {
  const num = (x: number) => x.toFixed(3);
  const ks = (m: Record<string, number>) =>
    Object.entries(m)
      .map(([k, v]) => `k=${k} ${num(v)}`)
      .join('  ') || '—';
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
