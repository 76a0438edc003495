import type * as vscode from 'vscode';
import { LOCAL_ALIAS } from '../../core/run/runKey';
import type { Annotation } from '../../core/store/recordEntry';
import { probeBox } from '../../remote/boxProbe';
import type { BoxFindings } from '../../remote/boxProbe';
import { discoverRuns } from '../../remote/runDiscovery';
import type { DiscoveredRun, Discovery } from '../../remote/runDiscovery';
import type { RunMirror, RunMirrorMode } from '../../remote/runMirror';
import type { Target } from '../../remote/target';
import type { WorkControl } from '../../core/work/slicedWork';
import { RunMirrors } from '../runMirrors';

export type BoxState = 'connecting' | 'ready' | 'reconnecting' | 'failed';

/**
 * The boxes something can start on: connected ones and ones still connecting. A box whose connection
 * is under way counts, so "Connect to Box…" followed at once by a start never falls back to this
 * machine just because it was the only box ready at that instant.
 */
export function startableBoxes<B extends Pick<BoxSession, 'state' | 'target'>>(sessions: readonly B[]): B[] {
  return sessions.filter(
    (s) => (s.state === 'ready' && s.target) || s.state === 'connecting' || s.state === 'reconnecting',
  );
}

/** One box in this window: its connection, what the doctor found there, its runs and their mirrors. */
export class BoxSession {
  state: BoxState = 'connecting';
  error: Error | undefined;
  findings: BoxFindings | undefined;
  discovery: Discovery | undefined;
  mirrors: RunMirrors | undefined;
  target: Target | undefined;
  private lastError = '';
  private settledWaiters: (() => void)[] = [];

  constructor(
    /** An ssh host alias, or "local" for this machine. */
    readonly alias: string,
    private readonly storageDir: string,
    /** How the box's runs count diagnostics: under its SGLang release once known (see runProfile). */
    private readonly annotation: (box: BoxSession) => Annotation,
    private readonly log: vscode.LogOutputChannel,
    private readonly changed: () => void,
    /**
     * For run collections that are not boxes (opened files): their own name, icon and folder. For boxes:
     * what of each run to copy (MirrorModes); every record when not said. This machine's label comes from
     * the caller, in the user's language: this file stays editor-free for its unit tests.
     */
    private readonly options: {
      label?: string;
      icon?: string;
      runsRoot?: string;
      /** Folders read for runs besides the runs root (this machine's demo run, in the extension's storage). */
      alsoRunsUnder?: readonly string[];
      /** Each run mirror once open: a large first copy shows its progress (runs/firstCopy.ts). */
      mirrorOpened?: (mirror: RunMirror, run: DiscoveredRun) => void;
      mirrorMode?: (box: string, runDir: string) => Promise<RunMirrorMode | undefined>;
    } = {},
  ) {}

  get isLocal(): boolean {
    return this.alias === LOCAL_ALIAS;
  }

  /** False for a collection of runs that is no machine (opened files): it has no SGLang of its own. */
  get isMachine(): boolean {
    return this.options.runsRoot === undefined;
  }

  /** The collection's own name, else the ssh alias; this machine's is given by the registry, translated. */
  get label(): string {
    return this.options.label ?? this.alias;
  }

  get icon(): string {
    return this.options.icon ?? (this.isLocal ? 'vm' : 'remote');
  }

  /** Resolves once the box is ready or has failed: at once unless it is (re)connecting. */
  whenSettled(): Promise<void> {
    if (this.state !== 'connecting' && this.state !== 'reconnecting') return Promise.resolve();
    return new Promise((resolve) => this.settledWaiters.push(resolve));
  }

  /** The connection's own state changes (a reconnect and its end). */
  setState(state: BoxState): void {
    this.state = state;
    if (state === 'ready' || state === 'failed') for (const w of this.settledWaiters.splice(0)) w();
  }

  /** runsRoot: the runs directory whose free space the probe reports; undefined: no probe (opened files). */
  attach(target: Target, runsRoot: string | undefined): void {
    this.target = target;
    this.setState('ready');
    this.error = undefined;
    this.mirrors = new RunMirrors(
      target,
      this.storageDir,
      () => this.annotation(this),
      this.log,
      () => this.changed(),
      this.options.mirrorMode && ((runDir) => this.options.mirrorMode!(this.alias, runDir)),
      this.options.mirrorOpened,
    );
    if (runsRoot !== undefined) this.probe(runsRoot);
    this.changed();
  }

  /** Asks the box again what it has; also when the runs directory setting changes. */
  probe(runsRoot: string): void {
    this.check(runsRoot).catch((e: Error) => this.log.warn(`probing ${this.alias}: ${e.message}`));
  }

  /** The same, awaited, under `control`: a cancelled check keeps the earlier findings. */
  async check(runsRoot: string, control: WorkControl = {}): Promise<void> {
    const target = this.target;
    if (!target) return;
    const findings = await probeBox(target, this.options.runsRoot ?? runsRoot, control);
    if (this.target !== target) return;
    this.findings = findings;
    // The box's SGLang release is now known: its runs are read like that release.
    this.reannotate();
    this.changed();
  }

  /** Counts the runs' diagnostics again if the box's profile changed (its release became known, settings). */
  reannotate(): void {
    this.mirrors?.reannotate();
  }

  fail(error: Error): void {
    this.error = error;
    this.setState('failed');
    this.changed();
  }

  /** Re-reads the runs directory; one failure is logged once, not on every tick. */
  async refresh(defaultRunsRoot: string): Promise<void> {
    if (!this.target || !this.mirrors || this.state === 'failed') return;
    const runsRoot = this.options.runsRoot ?? defaultRunsRoot;
    try {
      const target = this.target;
      const discovery = await discoverRuns(target, runsRoot);
      for (const root of this.options.alsoRunsUnder ?? []) {
        const more = await discoverRuns(target, root);
        discovery.runs.push(...more.runs);
        discovery.problems.push(...more.problems);
      }
      discovery.runs.sort((a, b) => b.record.createdAt.localeCompare(a.record.createdAt));
      this.discovery = discovery;
      await this.mirrors.sync(discovery.runs);
      this.lastError = '';
      this.changed();
    } catch (e) {
      const message = `${this.alias}: cannot read runs under ${runsRoot}: ${(e as Error).message}`;
      if (message !== this.lastError) this.log.warn(message);
      this.lastError = message;
    }
  }

  async close(): Promise<void> {
    await this.mirrors?.dispose();
    await this.target?.close();
    this.target = undefined;
    this.mirrors = undefined;
  }
}
