import type { LogEvent } from './logLine';

/** How long after slime's first `rollout N:` line the run's rollouts.jsonl may still be missing. */
export const TAP_SILENCE_MS = 60_000;

type TapEvent = Extract<LogEvent, { kind: 'tap' }>;

export interface TapCheck {
  nowMs: number;
  /** Whether any record of the tap has reached the box's rollouts.jsonl. */
  streamed: boolean;
  runDir: string;
  boxLabel: string;
}

/**
 * Watches a run's console for the two facts that say whether the tap's file should be on the box by
 * now: slime's first rollout line, and the tap's own line on where (which file, which host, which Ray
 * node) it writes. The rollout process may run on another node than the one the run directory is on;
 * then the file grows there, and the box never sees it unless both share the storage.
 */
export class TapWatch {
  firstRolloutMs: number | undefined;
  report: TapEvent | undefined;

  apply(event: LogEvent, nowMs: number): void {
    if (event.kind === 'tap') {
      // A later "writing" after a "cannot write" is the better news; keep the last word.
      this.report = event;
    } else if (event.kind === 'metrics' && event.family === 'rollout' && this.firstRolloutMs === undefined)
      this.firstRolloutMs = nowMs;
  }

  /** The warning to show, once a minute has passed since the first rollout without a record. */
  missing(check: TapCheck): string | undefined {
    if (check.streamed || this.firstRolloutMs === undefined) return undefined;
    if (check.nowMs - this.firstRolloutMs < TAP_SILENCE_MS) return undefined;
    const expected = `${check.runDir}/rollouts.jsonl`;
    const head = `No rollouts reached ${check.boxLabel} a minute after the run's first rollout: ${expected} is missing.`;
    const r = this.report;
    if (!r)
      return `${head} The tap never said where it writes: slime did not load it (look for rollout_studio_tap in the console), or the process that runs it logs elsewhere.`;
    const where = `on host ${r.host}${r.node ? ` (Ray node ${r.node})` : ''}`;
    if (!r.writes)
      return `${head} The tap cannot write ${r.path} ${where}: ${r.error ?? 'no reason given'}. The run directory must exist and be writable there too.`;
    return `${head} The tap writes ${r.path} ${where}, which ${check.boxLabel} does not see. The run directory must be on storage that ${check.boxLabel} and slime's rollout process both read (a shared filesystem mounted at the same path on every node), or start the run on the node that runs the rollouts.`;
  }
}
