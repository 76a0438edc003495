import { RunConsole } from './runConsole';
import { TimelineBuilder } from './stepTimeline';
import type { StepTiming } from './stepTimeline';

/** What a whole console.log says: the likely failure, the progress, and where each step's time went. */
export interface ConsoleReport {
  failure: { cause: string; title: string; advice: string; line: number; message: string } | null;
  progress: {
    /** The last rollout id the console reported, null when none. */
    step: number | null;
    /** Every metric's latest value, under slime's own name (`rollout/raw_reward`, `passrate/pass@1`). */
    metrics: Record<string, number>;
  };
  steps: StepTiming[];
}

/**
 * Reads a console.log the way the extension follows a run: the same progress, failure and timeline
 * code, line by line. `line` is 1-based, as editors and `file:line` count.
 */
export function readConsoleReport(text: string, stepsPerRollout?: number): ConsoleReport {
  const run = new RunConsole(undefined, stepsPerRollout);
  const timeline = new TimelineBuilder(stepsPerRollout);
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  for (const line of lines) {
    run.apply(line, 0);
    timeline.applyLine(line);
  }
  const failure = run.failure();
  return {
    failure: failure
      ? {
          cause: failure.cause.code,
          title: failure.cause.title,
          advice: failure.cause.advice,
          line: failure.consoleLine + 1,
          message: failure.text,
        }
      : null,
    progress: {
      step: run.tracker.progress.step ?? null,
      metrics: Object.fromEntries(run.tracker.latest),
    },
    steps: timeline.timeline().steps,
  };
}
