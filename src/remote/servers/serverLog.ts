import { classifyFailure } from '../../core/runspec/failureCause';
import type { ClassifiedFailure } from '../../core/runspec/failureCause';

// SGLang's startup as its log tells it (reference/sglang.md 2): weights load, the KV cache is
// allocated, uvicorn binds the port, the warmup request passes, then the ready line. Matching is on
// the message, whatever prefix (`[time]`, `TP0`) comes before it.

export type ServerPhase =
  'starting' | 'loading-weights' | 'allocating-kv-cache' | 'warming-up' | 'ready' | 'failed';

const PHASES: { pattern: RegExp; phase: ServerPhase }[] = [
  { pattern: /Load weight begin/, phase: 'loading-weights' },
  { pattern: /KV Cache is allocated/, phase: 'allocating-kv-cache' },
  { pattern: /Uvicorn running on /, phase: 'warming-up' },
  { pattern: /The server is fired up and ready to roll!/, phase: 'ready' },
];

// The launcher rule of the reference: any of these means the server will not come up.
const FATAL =
  /Traceback \(most recent call last\)|Initialization failed|scheduler died|Received sigquit from a child process|\[Errno 98\]|^(?:sglang serve|launch_server\.py|[\w.-]+): error: /;

/** How many recent lines are kept to name a failure's cause (the cause follows its traceback). */
const WINDOW = 400;

/** Folds console lines into the server's phase and, once something fatal appears, its likely cause. */
export class ServerLogState {
  phase: ServerPhase = 'starting';
  failure: ClassifiedFailure | undefined;
  /** The first fatal line seen, when the cause cannot be named more precisely. */
  fatalLine: string | undefined;
  /** Where startup had got to when the fatal line came. */
  phaseBeforeFailure: ServerPhase = 'starting';
  private readonly recent: string[] = [];

  apply(line: string): void {
    this.recent.push(line);
    if (this.recent.length > WINDOW) this.recent.shift();
    if (FATAL.test(line) && this.phase !== 'failed') {
      this.fatalLine = line.trim();
      this.phaseBeforeFailure = this.phase;
      this.phase = 'failed';
    }
    if (this.phase === 'failed') {
      this.failure = classifyFailure(this.recent) ?? this.failure;
      return;
    }
    for (const { pattern, phase } of PHASES) if (pattern.test(line)) this.phase = phase;
  }

  /** What to tell the user about a failure: the named cause, else the fatal line, else the exit. */
  describeFailure(exitCode?: number | null): string {
    if (this.failure) return `${this.failure.cause.title}: ${this.failure.text}`;
    if (this.fatalLine) return this.fatalLine;
    return `the server exited${exitCode !== undefined && exitCode !== null ? ` with code ${exitCode}` : ''} before it was ready`;
  }
}
