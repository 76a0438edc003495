import * as vscode from 'vscode';
import type { Annotation } from '../../core/store/recordEntry';
import { LOCAL_ALIAS } from '../../core/run/runKey';
import { LocalTarget } from '../../remote/localTarget';
import { SshConnectionPool } from '../../remote/sshConnectionPool';
import { Disposable } from '../disposable';
import { withCancellableProgress } from '../cancellableProgress';
import type { MirrorModes } from '../runs/mirrorModes';
import { BoxSession } from './boxSession';
import { EditorPrompts } from './editorPrompts';
import { remoteSshConfigFile } from './remoteSsh';
import { showFirstCopy } from '../runs/firstCopy';

const SAVED_BOXES = 'rolloutStudio.boxes';

/**
 * The boxes of this window: this machine, plus every SSH box the user connected to (remembered across
 * restarts). A remembered box is connected again only when something needs it (a view of ours shows, a
 * command picks a box or run, a link names it): a window opened for a JSONL file reaches no machine.
 * One shared SSH connection per box comes from the pool.
 */
export class BoxRegistry extends Disposable {
  readonly sessions: BoxSession[] = [];
  /** Files opened with "Open Rollout File", shown like a box's runs but not a box. */
  readonly openedFiles: BoxSession;
  private readonly pool: SshConnectionPool;
  private readonly changeEmitter = this.register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changeEmitter.event;
  /** Set once the saved boxes were wanted; an untrusted workspace connects them when trust is granted. */
  private savedWanted: Promise<void> | undefined;
  private waitingForTrust = false;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly annotation: (box: BoxSession) => Annotation,
    private readonly log: vscode.LogOutputChannel,
    /** The rolloutStudio.runsRoot setting: where runs go on every box. */
    private readonly runsRoot: () => string,
    /** What of each box's runs to copy. */
    private readonly mirrorModes?: MirrorModes,
  ) {
    super();
    this.pool = new SshConnectionPool({
      prompts: new EditorPrompts(context.secrets),
      configFile: remoteSshConfigFile,
    });
    const local = this.session(LOCAL_ALIAS);
    local.attach(new LocalTarget(), runsRoot());
    this.openedFiles = new BoxSession(
      'opened-files',
      context.globalStorageUri.fsPath,
      annotation,
      log,
      () => this.changeEmitter.fire(),
      { label: vscode.l10n.t('Opened files'), icon: 'files', runsRoot: this.openedFilesFolder },
    );
    this.openedFiles.attach(new LocalTarget(), undefined);
  }

  /** The SSH boxes remembered from earlier sessions. */
  get savedAliases(): string[] {
    return this.context.globalState.get<string[]>(SAVED_BOXES, []);
  }

  /**
   * Connects the remembered boxes, once per window; later calls wait for that first attempt. They
   * connect in a trusted workspace only, and once it is trusted (see trust.ts). Until then every caller
   * goes on at once with what is connected: nothing may wait for a trust that never comes.
   */
  connectSaved(): Promise<void> {
    if (this.savedWanted) return this.savedWanted;
    if (vscode.workspace.isTrusted) {
      this.savedWanted = Promise.all(this.savedAliases.map((alias) => this.connect(alias, false))).then(
        () => undefined,
      );
      return this.savedWanted;
    }
    if (!this.waitingForTrust) {
      this.waitingForTrust = true;
      this.register(vscode.workspace.onDidGrantWorkspaceTrust(() => void this.connectSaved()));
    }
    return Promise.resolve();
  }

  get openedFilesFolder(): string {
    return `${this.context.globalStorageUri.fsPath}/opened`;
  }

  /** Where Open Demo Run writes the demo run: this machine lists the runs here beside its runs root's. */
  get demoFolder(): string {
    return `${this.context.globalStorageUri.fsPath}/demo`;
  }

  /** The boxes, then opened files once there are any: what the explorer lists. */
  runSources(): BoxSession[] {
    return (this.openedFiles.discovery?.runs.length ?? 0) > 0
      ? [...this.sessions, this.openedFiles]
      : this.sessions;
  }

  private session(alias: string): BoxSession {
    let s = this.sessions.find((x) => x.alias === alias);
    if (!s) {
      const modes = this.mirrorModes;
      s = new BoxSession(
        alias,
        this.context.globalStorageUri.fsPath,
        this.annotation,
        this.log,
        () => this.changeEmitter.fire(),
        {
          ...(alias === LOCAL_ALIAS
            ? { label: vscode.l10n.t('This machine'), alsoRunsUnder: [this.demoFolder] }
            : {}),
          mirrorOpened: (mirror, run) => void showFirstCopy(mirror, run, this.log),
          ...(modes ? { mirrorMode: (box: string, runDir: string) => modes.openMode(box, runDir) } : {}),
        },
      );
      this.sessions.push(s);
      this.changeEmitter.fire();
    }
    return s;
  }

  /** Connects (or reconnects) to an ssh host alias; with `interactive`, failures offer Retry. */
  async connect(alias: string, interactive: boolean): Promise<BoxSession> {
    const s = this.session(alias);
    if (s.state === 'ready' && s.target) return s;
    s.setState('connecting');
    s.error = undefined;
    this.changeEmitter.fire();
    try {
      const target = await withCancellableProgress(vscode.l10n.t('Connecting to {0}…', alias), ({ signal }) =>
        this.pool.target(alias, signal),
      );
      if (!target) {
        // Cancelled: the box stays listed, with Reconnect.
        s.fail(new Error(vscode.l10n.t('Connecting was cancelled.')));
        this.changeEmitter.fire();
        return s;
      }
      target.onStateChange((state, error) => {
        if (state === 'reconnecting' || state === 'ready') s.setState(state);
        else if (state === 'failed') s.fail(error ?? new Error('the connection was lost'));
        this.changeEmitter.fire();
      });
      s.attach(target, this.runsRoot());
      await this.remember(alias, true);
      this.log.info(`connected to ${alias}`);
    } catch (e) {
      const error = e as Error;
      s.fail(error);
      this.log.warn(`connecting to ${alias}: ${error.message}`);
      if (interactive) {
        const retry = vscode.l10n.t('Retry');
        const showLog = vscode.l10n.t('Show Log');
        const choice = await vscode.window.showErrorMessage(
          vscode.l10n.t('Rollout Studio: cannot connect to {0}. {1}', alias, error.message),
          retry,
          showLog,
        );
        if (choice === retry) return this.connect(alias, true);
        if (choice === showLog) this.log.show();
      }
    }
    return s;
  }

  async disconnect(alias: string): Promise<void> {
    const i = this.sessions.findIndex((x) => x.alias === alias);
    const s = this.sessions[i];
    if (!s || s.isLocal) return;
    this.sessions.splice(i, 1);
    await s.close();
    await this.remember(alias, false);
    this.changeEmitter.fire();
  }

  private async remember(alias: string, keep: boolean): Promise<void> {
    const saved = new Set(this.context.globalState.get<string[]>(SAVED_BOXES, []));
    if (keep) saved.add(alias);
    else saved.delete(alias);
    await this.context.globalState.update(SAVED_BOXES, [...saved]);
  }

  /** The runs directory setting changed: each box reports the free space of the new one. */
  reprobe(): void {
    for (const s of this.sessions) s.probe(this.runsRoot());
  }

  async refresh(runsRoot: string): Promise<void> {
    await Promise.all([...this.sessions, this.openedFiles].map((s) => s.refresh(runsRoot)));
  }

  /** Closes every box's connection and mirrors; change events stop once they are closed. */
  override dispose(): void {
    void Promise.all([...this.sessions, this.openedFiles].map((s) => s.close()))
      .then(() => this.pool.closeAll())
      .then(() => super.dispose());
  }
}
