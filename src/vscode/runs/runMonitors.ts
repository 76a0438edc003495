import * as vscode from 'vscode';
import { RUN_FILES } from '../../core/run/runFiles';
import type { RunProgress } from '../../core/runspec/runProgress';
import { RunConsole } from '../../core/runspec/runConsole';
import { stepsPerRollout } from '../../core/runspec/stepsPerRollout';
import type { ConsoleFailure } from '../../core/runspec/runConsole';
import { ConsoleFollower } from '../../remote/launch/consoleFollower';
import { PausableInterval } from '../../remote/pausableInterval';
import type { DiscoveredRun } from '../../remote/runDiscovery';
import type { BoxSession } from '../boxes/boxSession';
import { Disposable } from '../disposable';
import { runKey } from '../../core/run/runKey';

interface Monitor {
  box: BoxSession;
  run: DiscoveredRun;
  console: RunConsole;
  follower: ConsoleFollower;
  startedMs: number;
  /** Why the tap's rollouts.jsonl has not reached the box, once that is overdue. */
  tapMissing?: string;
}

export interface MissingTap {
  box: BoxSession;
  run: DiscoveredRun;
  message: string;
}

export interface FailedRun {
  box: BoxSession;
  run: DiscoveredRun;
  failure: ConsoleFailure | undefined;
}

/**
 * Follows the console of every running run on the connected boxes: progress (step N of M, reward,
 * ETA) for the status bar, and when a run it saw running exits with an error, the cause named from
 * its log. Runs that had already ended before this window saw them never notify.
 */
export class RunMonitors extends Disposable {
  private readonly monitors = new Map<string, Monitor>();
  /** Runs launched from this window that discovery has not listed yet. */
  private readonly launched = new Set<string>();
  private readonly status: vscode.StatusBarItem;
  /** The ETA counts down each second, while some run is followed. */
  private readonly paintTicks = this.register(new PausableInterval(1000, () => this.paint()));

  constructor(
    private readonly onFailed: (failed: FailedRun) => void,
    private readonly onTapMissing: (missing: MissingTap) => void,
    /** Whether any live run is followed now: its exit is noticed only while runs are re-read. */
    private readonly onFollowing: (live: boolean) => void = () => {},
  ) {
    super();
    this.status = this.register(
      vscode.window.createStatusBarItem('rolloutStudio.runProgress', vscode.StatusBarAlignment.Left, 49),
    );
    this.status.name = vscode.l10n.t('Rollout Studio: run progress');
    this.status.command = 'rolloutStudio.openRunConsole';
    this.onDispose(() => {
      for (const m of this.monitors.values()) void m.follower.stop();
      this.monitors.clear();
    });
  }

  /**
   * A run just launched from this window: it may fail before discovery ever sees it running (a bad
   * path fails in a second), and must still be followed and reported.
   */
  expect(box: BoxSession, runDir: string): void {
    this.launched.add(runKey(box.alias, runDir));
  }

  /** Called after each discovery: starts following new running runs, finishes ended ones. */
  sync(boxes: readonly BoxSession[]): void {
    const seen = new Set<string>();
    for (const box of boxes) {
      if (!box.target || box.state === 'failed') continue;
      for (const run of box.discovery?.runs ?? []) {
        if (run.record.importedFrom || run.record.demo) continue;
        const key = runKey(box.alias, run.dir);
        seen.add(key);
        const m = this.monitors.get(key);
        const state = run.state?.state ?? 'starting';
        const justLaunched = this.launched.delete(key);
        if (m) {
          m.run = run;
          if (state === 'exited') void this.finish(key, m);
        } else if (state !== 'exited' || justLaunched) {
          const started = this.follow(key, box, run);
          if (started && state === 'exited') void this.finish(key, started);
        }
      }
    }
    for (const [key, m] of this.monitors)
      if (!seen.has(key) && m.box.state === 'ready') void this.finish(key, m, false);
    this.followingChanged();
    this.paint();
  }

  private followingChanged(): void {
    const live = this.monitors.size > 0;
    this.paintTicks.want('following', live);
    this.onFollowing(live);
  }

  progress(box: BoxSession, run: DiscoveredRun): RunProgress | undefined {
    return this.monitors.get(runKey(box.alias, run.dir))?.console.tracker.progress;
  }

  /** Why the run's rollouts do not reach the box, when the tap's file is overdue. */
  tapMissing(box: BoxSession, run: DiscoveredRun): string | undefined {
    return this.monitors.get(runKey(box.alias, run.dir))?.tapMissing;
  }

  private checkTap(m: Monitor): void {
    if (m.tapMissing !== undefined || m.run.record.tap !== true) return;
    const mirror = m.box.mirrors?.byDir.get(m.run.dir);
    // Without a mirror (another window follows the run) this window cannot tell what arrived.
    if (!mirror) return;
    const message = m.console.tap.missing({
      nowMs: Date.now(),
      streamed: mirror.store.resumeOffset > 0,
      runDir: m.run.dir,
      boxLabel: m.box.label,
    });
    if (message === undefined) return;
    m.tapMissing = message;
    this.onTapMissing({ box: m.box, run: m.run, message });
  }

  private follow(key: string, box: BoxSession, run: DiscoveredRun): Monitor | undefined {
    const target = box.target;
    if (!target) return undefined;
    const total = numRollout(run.record.argv);
    const console = new RunConsole(total, stepsPerRollout(run.record.argv));
    const follower = new ConsoleFollower(target, `${run.dir}/${RUN_FILES.console}`, {
      onLine: (line) => console.apply(line, Date.now()),
    });
    const monitor = { box, run, console, follower, startedMs: Date.now() };
    this.monitors.set(key, monitor);
    follower.start();
    return monitor;
  }

  private async finish(key: string, m: Monitor, notify = true): Promise<void> {
    this.monitors.delete(key);
    this.followingChanged();
    // The last lines (the traceback) may still be on their way: give the stream a moment.
    await new Promise((r) => setTimeout(r, 1500));
    await m.follower.stop();
    const s = m.run.state;
    const stopped = s?.stoppedBy !== undefined || s?.exitCode === 143 || s?.exitCode === 0;
    if (notify && s?.state === 'exited' && !stopped)
      this.onFailed({ box: m.box, run: m.run, failure: m.console.failure() });
    this.paint();
  }

  private paint(): void {
    for (const m of this.monitors.values()) this.checkTap(m);
    const latest = [...this.monitors.values()].sort((a, b) => b.startedMs - a.startedMs)[0];
    if (!latest) return this.status.hide();
    const p = latest.console.tracker.progress;
    // When the run streams samples, the explorer's own status item already names it with its reward:
    // then this one adds only what the console knows (step of total, ETA), so nothing shows twice.
    const streaming = (latest.box.mirrors?.byDir.get(latest.run.dir)?.store.samples.length ?? 0) > 0;
    const parts = streaming ? ['$(sync~spin)'] : [`$(sync~spin) ${latest.run.record.name}`];
    // Steps are slime's rollout ids, as everywhere in the explorer.
    if (p.step !== undefined)
      parts.push(
        p.totalSteps
          ? vscode.l10n.t('step {0} of {1}', p.step, p.totalSteps)
          : vscode.l10n.t('step {0}', p.step),
      );
    else if (p.generation)
      parts.push(vscode.l10n.t('generating {0}/{1}', p.generation.done, p.generation.total));
    else parts.push(latest.run.state?.state ?? 'starting');
    if (p.rewardMean !== undefined && !streaming)
      parts.push(vscode.l10n.t('reward {0}', p.rewardMean.toFixed(2)));
    if (p.etaSeconds !== undefined) parts.push(vscode.l10n.t('ETA {0}', duration(p.etaSeconds)));
    this.status.text = streaming ? `${parts[0]} ${parts.slice(1).join(' · ')}` : parts.join(' · ');
    this.status.tooltip = vscode.l10n.t(
      '{0} on {1}: progress read from its console.log. Click to open the console.',
      latest.run.record.name,
      latest.box.label,
    );
    this.status.show();
  }
}

function numRollout(argv: readonly string[]): number | undefined {
  const i = argv.indexOf('--num-rollout');
  const n = i >= 0 ? Number(argv[i + 1]) : NaN;
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

export function duration(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${s % 60}s`;
  return `${Math.floor(m / 60)}h ${m % 60}m`;
}
