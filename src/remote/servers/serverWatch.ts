import { ConsoleFollower } from '../launch/consoleFollower';
import type { PortForward, Target } from '../target';
import { SERVER_FILES, SERVER_JOB } from '../../core/servers/serverFiles';
import type { ServerRecord, ServerState } from '../../core/servers/serverFiles';
import { readJobState } from '../boxJob/jobState';
import type { SglangLoad } from '../../core/infra/sglangLoad';
import { withReading } from '../../core/infra/loadHistory';
import type { LoadReading } from '../../core/infra/loadHistory';
import { fetchServerInfo, healthStatus } from './serverInfo';
import { NoMetricsError, fetchSglangLoad } from './serverMetrics';
import type { ServerInfo } from './serverInfo';
import { ServerLogState } from './serverLog';
import type { ServerPhase } from './serverLog';
import { PausableInterval } from '../pausableInterval';

const CAUSE_WAIT_MS = 3000;

/**
 * The reason a server starting up is polled with nothing showing it: whether it came up (and with which
 * parsers) or failed is told as a notice, which must come even with the Servers view closed.
 */
const SETTLING = 'settling';

/** Where a server stands: its log's phase, or how it ended. */
export type ServerStatus = ServerPhase | 'stopped' | 'exited';

export interface ServerSnapshot {
  status: ServerStatus;
  state: ServerState | undefined;
  /** The parsers and model the server really runs with, once it is ready. */
  info: ServerInfo | undefined;
  /** Why it failed, naming the cause when a known log line says it. */
  failure: string | undefined;
  /** The cause's stable code (cuda-oom, kv-cache-memory, port-in-use, bad-argument, ...) when named. */
  failureCode: string | undefined;
  /** 127.0.0.1 URL of the forward to the server, while it is open. */
  baseUrl: string | undefined;
  /** What a ready server is doing now, from its /metrics. */
  load: SglangLoad | undefined;
  /** Why there are no load figures (no --enable-metrics, an unreadable scrape). */
  loadProblem: string | undefined;
  /** The last minute or so of load readings, oldest first (loadHistory.ts). */
  loadHistory: readonly LoadReading[];
}

/**
 * Watches one server: follows its console.log into a ServerLogState, reads state.json for the exit,
 * and asks GET /health through a forward, since either the ready line or a 200 means ready
 * (reference/sglang.md 2). Once ready it reads /server_info.
 *
 * Each poll costs the box a state read, a /health and a /metrics request, so it polls only while something
 * wants it (the Servers view while visible; see `want`) and, on its own, until the server is ready or has
 * ended. The console.log stream is a single `tail -f`, which runs throughout.
 */
export class ServerWatch {
  private readonly log = new ServerLogState();
  private readonly follower: ConsoleFollower;
  private state: ServerState | undefined;
  private info: ServerInfo | undefined;
  private load: SglangLoad | undefined;
  private loadProblem: string | undefined;
  private loadHistory: LoadReading[] = [];
  /** The server has no /metrics (started without --enable-metrics): asking again would not change that. */
  private noMetrics = false;
  private healthy = false;
  /** When the first fatal line arrived; its cause follows within moments. */
  private fatalAtMs: number | undefined;
  /** Whether, after the exit, every byte of console.log has been read. */
  private drained = false;
  private forward: PortForward | undefined;
  private readonly ticks: PausableInterval;
  /** Once the exit and the whole log are read, nothing can change: no reason polls again. */
  private ended = false;
  private polling = false;
  private disposed = false;
  private last = '';

  constructor(
    private readonly target: Target,
    readonly dir: string,
    readonly record: ServerRecord,
    private readonly onChange: (snapshot: ServerSnapshot) => void,
    pollMs = 1000,
  ) {
    this.ticks = new PausableInterval(pollMs, () => void this.poll());
    this.follower = new ConsoleFollower(target, `${dir}/${SERVER_FILES.console}`, {
      onLine: (line) => {
        this.log.apply(line);
        if (this.log.phase === 'failed') this.fatalAtMs ??= Date.now();
        this.emit();
      },
    });
  }

  /** Follows the log and polls at once, then every period until the server is ready or has ended. */
  start(): void {
    this.follower.start();
    this.ticks.want(SETTLING, true);
  }

  /** See PausableInterval.want: polls while any reason (a visible view…) wants it, or while settling. */
  want(reason: string, wanted: boolean): void {
    if (!this.disposed && !this.ended) this.ticks.want(reason, wanted);
  }

  /** Whether the state, /health and /metrics are being polled now. */
  get watching(): boolean {
    return this.ticks.running;
  }

  snapshot(): ServerSnapshot {
    const exited = this.state?.state === 'exited';
    // A failure is told once its cause can be named: after the exit once the whole log is read, or a
    // moment after the fatal line while SGLang's HTTP process outlives its crashed scheduler.
    const settled = exited
      ? this.drained
      : this.fatalAtMs !== undefined && Date.now() - this.fatalAtMs >= CAUSE_WAIT_MS;
    let status: ServerStatus = this.healthy ? 'ready' : this.log.phase;
    if (this.log.phase === 'failed') status = settled ? 'failed' : this.log.phaseBeforeFailure;
    if (exited && this.drained) {
      const stopped = this.state?.stoppedBy !== undefined || this.state?.exitCode === 143;
      if (stopped) status = 'stopped';
      else if (status !== 'failed') status = this.state?.exitCode === 0 ? 'exited' : 'failed';
    }
    return {
      status,
      state: this.state,
      info: this.info,
      failure: status === 'failed' ? this.log.describeFailure(this.state?.exitCode) : undefined,
      failureCode: status === 'failed' ? this.log.failure?.cause.code : undefined,
      baseUrl: this.forward && !exited ? `http://${this.forward.host}:${this.forward.port}` : undefined,
      load: status === 'ready' ? this.load : undefined,
      loadProblem: status === 'ready' ? this.loadProblem : undefined,
      loadHistory: status === 'ready' ? this.loadHistory : [],
    };
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    this.ticks.dispose();
    await this.follower.stop();
    await this.forward?.close().catch(() => undefined);
    this.forward = undefined;
  }

  private emit(): void {
    const s = this.snapshot();
    const key = JSON.stringify(s);
    if (key === this.last) return;
    this.last = key;
    this.onChange(s);
  }

  /** The server's load from /metrics; a server without them says so once and is not asked again. */
  private async readLoad(base: string): Promise<void> {
    if (this.noMetrics) return;
    try {
      this.load = await fetchSglangLoad(base);
      this.loadProblem = undefined;
      this.loadHistory = withReading(this.loadHistory, { at: Date.now(), load: this.load });
    } catch (e) {
      this.load = undefined;
      this.loadProblem = (e as Error).message;
      this.noMetrics = e instanceof NoMetricsError;
    }
  }

  private async poll(): Promise<void> {
    if (this.polling || this.disposed) return;
    this.polling = true;
    try {
      this.state = (await readJobState(this.target, this.dir, SERVER_JOB)) ?? this.state;
      if (this.state?.state === 'exited') {
        await this.forward?.close().catch(() => undefined);
        this.forward = undefined;
        const size = (await this.target.stat(`${this.dir}/${SERVER_FILES.console}`))?.size ?? 0;
        this.drained = this.follower.offset >= size;
        if (this.drained) {
          this.ended = true;
          this.ticks.dispose();
          await this.follower.stop();
        }
      } else if (this.log.phase !== 'failed' && this.state) {
        this.forward ??= await this.target.forwardPort(this.record.host, this.record.port);
        const base = `http://${this.forward.host}:${this.forward.port}`;
        this.healthy = (await healthStatus(base)) === 200 || this.log.phase === 'ready';
        if (this.healthy && !this.info) this.info = await fetchServerInfo(base).catch(() => undefined);
        if (this.healthy) await this.readLoad(base);
      }
    } catch {
      // The box may be reconnecting; the next tick asks again.
    } finally {
      this.polling = false;
    }
    if (this.disposed) return;
    this.emit();
    const { status, info } = this.snapshot();
    if ((status === 'ready' && info) || status === 'failed' || status === 'stopped' || status === 'exited')
      this.ticks.want(SETTLING, false);
  }
}
