import { classifyFailure } from './failureCause';
import type { ClassifiedFailure } from './failureCause';
import { parseLogLine } from './logLine';
import { ProgressTracker } from './runProgress';
import { TapWatch } from './tapWatch';

/** Lines kept to name a failure: a cause follows its traceback by a few dozen lines at most. */
const WINDOW = 400;

export interface ConsoleFailure extends ClassifiedFailure {
  /** 0-based line number of the named line in the whole console.log (for "show me the line"). */
  consoleLine: number;
}

/**
 * What a run's console says so far: its progress (step N of M, reward, ETA), where the tap writes,
 * and, on demand, the likely cause of a failure among the recent lines.
 */
export class RunConsole {
  readonly tracker: ProgressTracker;
  readonly tap = new TapWatch();
  /** Lines read so far, for numbering. */
  lines = 0;
  private readonly recent: string[] = [];

  /** stepsPerRollout: see ProgressTracker. */
  constructor(totalSteps?: number, stepsPerRollout?: number) {
    this.tracker = new ProgressTracker(totalSteps, stepsPerRollout);
  }

  apply(line: string, nowMs: number): void {
    this.lines++;
    this.recent.push(line);
    if (this.recent.length > WINDOW) this.recent.shift();
    const event = parseLogLine(line);
    if (!event) return;
    this.tracker.apply(event, nowMs);
    this.tap.apply(event, nowMs);
  }

  failure(): ConsoleFailure | undefined {
    const found = classifyFailure(this.recent);
    return found && { ...found, consoleLine: this.lines - this.recent.length + found.line };
  }
}
