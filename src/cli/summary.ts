import { basename, dirname, join } from 'node:path';
import { BEHAVIOUR_FLAGS, scanRun } from '../core/metrics/behaviourScan';
import type { BehaviourScan } from '../core/metrics/behaviourScan';
import { discardCounts } from '../core/metrics/discardCounts';
import type { DiscardCounts } from '../core/metrics/discardCounts';
import { summarize } from '../core/metrics/summary';
import type { StepFacts } from '../core/importers/importResult';
import type { RunSummary, Summary } from '../core/metrics/summary';
import { isTrainingRun, stepSummaries } from '../core/metrics/stepSummaries';
import { buildTimeline, meanPhases } from '../core/runspec/stepTimeline';
import { PHASE_LABELS, TIMELINE_PHASES } from '../shared/timelinePhases';
import type { Timeline } from '../core/runspec/stepTimeline';
import type { TrajectorySample } from '../core/trajectory/sample';
import { loadOrReport, parseFrom } from './convert';
import type { Io } from './convert';
import { parseCommandArgs } from './commandArgs';

const USAGE = `Usage: rollout-studio summary <file...> [--format text|json] [--from auto|tap|slime-dump|tau2|tau2-recipe|episode|chat|relax] [--console <console.log>] [--last-steps N]

Prints tau2-bench's metrics over the samples of all files: simulations, tasks, average reward, pass^k and
the unbiased pass@k for k = 1 … the smallest trial count of any task (success: |reward − 1| ≤ 1e-6),
termination reasons, tool calls and tool errors, overall and per domain. infrastructure_error simulations
are left out, as tau2 does. An evaluation's attempts share one checkpoint and are pooled; a training
run's steps are different policy versions, so its pass^k and pass@k are per step, for the last N steps
(--last-steps, default 5; 0: every step), and only the counts are over the whole run. Behaviour flags count samples with repeated identical calls (loop), done before
any other call, the length limit, empty responses and bursts of failed calls, and name the steps where the
shaped reward rose while success did not. Discarded counts training samples that never reached the
trainer: remove_sample, aborted, zero-std groups, and samples a step record's trained list leaves out.
The step timeline (where each step's time went: generation, training, weight update, save, waiting) is
read from slime's Timer and perf lines in --console, or in the console.log next to a run's
rollouts.jsonl; --format json gives it per step. Unreadable records are reported on stderr and left out.`;

export async function runSummaryCommand(argv: string[], io: Io): Promise<number> {
  const parsed = parseCommandArgs(
    argv,
    {
      format: { type: 'string', default: 'text' },
      from: { type: 'string', default: 'auto' },
      python: { type: 'string' },
      console: { type: 'string' },
      'last-steps': { type: 'string', default: '5' },
    },
    USAGE,
    io,
  );
  if (typeof parsed === 'number') return parsed;
  const format = parsed.values.format;
  const from = parseFrom(parsed.values.from);
  const lastSteps = Number(parsed.values['last-steps']);
  if (
    parsed.positionals.length === 0 ||
    (format !== 'text' && format !== 'json') ||
    from === undefined ||
    !Number.isInteger(lastSteps) ||
    lastSteps < 0
  ) {
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
  const consoleLog = await readConsole(parsed.values.console, parsed.positionals, io);
  if (consoleLog === 'failed') return 2;
  const summary = summarize(samples);
  const training = isTrainingRun(samples);
  const perStep = training ? stepSummaries(samples, lastSteps) : undefined;
  const scan = scanRun(samples);
  const discarded = discardCounts(samples, steps);
  if (format === 'json') {
    const behaviour = { counts: scan.counts, byStep: scan.byStep, shapedDrift: scan.shapedDrift };
    const timeline = consoleLog && {
      file: consoleLog.file,
      meanSeconds: meanPhases(consoleLog.timeline.steps),
      steps: consoleLog.timeline.steps,
      unmatchedTimerLines: consoleLog.timeline.unmatched,
    };
    // A training run keeps the whole run's counts at the top, as an evaluation has them, but its pass^k
    // and pass@k only per step.
    const metrics = perStep
      ? {
          kind: 'training',
          ...withoutPassK(summary),
          lastSteps,
          trainingSteps: perStep.trainingSteps,
          steps: perStep.training,
          evaluations: perStep.evaluation,
        }
      : { kind: 'pooled', ...summary };
    io.stdout(
      `${JSON.stringify({ ...metrics, behaviour, discarded, ...(timeline ? { timeline } : {}) }, null, 2)}\n`,
    );
    return 0;
  }
  if (perStep) {
    const shown = perStep.training.length;
    io.stdout(
      `training run: ${perStep.trainingSteps} steps, each a policy version of its own; pass^k and pass@k per step, ` +
        `${shown === perStep.trainingSteps ? 'every step' : `the last ${shown} steps (--last-steps N; 0: every step)`}\n\n`,
    );
    for (const s of perStep.training) io.stdout(textSummary(`step ${s.step}`, s));
    for (const s of perStep.evaluation) io.stdout(textSummary(`evaluation at step ${s.step}`, s));
    io.stdout(textSummary(`all ${perStep.trainingSteps} steps (counts only)`, summary, false));
  } else io.stdout(textSummary('all', summary));
  io.stdout(behaviourLines(scan));
  io.stdout(discardLine(discarded));
  if (consoleLog) io.stdout(timelineLines(consoleLog.timeline));
  for (const [domain, s] of Object.entries(summary.byDomain)) {
    if (Object.keys(summary.byDomain).length > 1) io.stdout(`\n${textSummary(domain, s, !perStep)}`);
  }
  return 0;
}

/** A training run's whole-run numbers, per domain too: pooled pass^k would mix policy versions. */
function withoutPassK(s: RunSummary) {
  const counts = ({ passHatK: _hat, passAtK: _at, ...rest }: Summary) => rest;
  return {
    ...counts(s),
    byDomain: Object.fromEntries(Object.entries(s.byDomain).map(([d, x]) => [d, counts(x)])),
  };
}

/**
 * The console.log named by --console (unreadable: an error), else the one beside a run's rollouts.jsonl
 * when there is one; undefined when there is none.
 */
async function readConsole(
  named: string | undefined,
  files: string[],
  io: Io,
): Promise<{ file: string; timeline: Timeline } | undefined | 'failed'> {
  if (named !== undefined) {
    try {
      return { file: named, timeline: buildTimeline(await io.readFile(named)) };
    } catch (e) {
      io.stderr(`rollout-studio summary: cannot read --console ${named}: ${(e as Error).message}\n`);
      return 'failed';
    }
  }
  for (const f of files) {
    if (basename(f) !== 'rollouts.jsonl') continue;
    const file = join(dirname(f), 'console.log');
    try {
      return { file, timeline: buildTimeline(await io.readFile(file)) };
    } catch {
      // No console beside it (an imported or copied file): the summary simply has no timeline.
    }
  }
  return undefined;
}

function timelineLines(t: Timeline): string {
  const mean = meanPhases(t.steps);
  if (!mean) return `  timeline    no complete step in the console (no trainer perf or Timer lines)\n`;
  const total = TIMELINE_PHASES.reduce((a, p) => a + mean[p], 0);
  const parts = TIMELINE_PHASES.filter((p) => mean[p] > 0)
    .sort((a, b) => mean[b] - mean[a])
    .map((p) => `${PHASE_LABELS[p]} ${mean[p].toFixed(1)} s`);
  const steps = t.steps.filter((s) => s.complete).length;
  return `  timeline    ${total.toFixed(1)} s per step over ${steps} steps: ${parts.join(', ')}\n`;
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

/** passK: false for a training run's whole-run lines, where pooled pass^k would mix policy versions. */
function textSummary(title: string, s: Summary, passK = true): string {
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
    ...(passK ? [`  pass^k      ${ks(s.passHatK)}`, `  pass@k      ${ks(s.passAtK)}`] : []),
    `  ended by    ${reasons || '—'}`,
    `  tool calls  ${s.toolCalls} (${s.toolErrors} tool errors)`,
    '',
  ].join('\n');
}
