import type { SFTPWrapper } from 'ssh2';
import { AuthFailedError, HostKeyMismatchError, UnknownHostKeyError } from './sshErrors';
import type { SshSession } from './sshSession';

export type ConnectionState = 'connecting' | 'ready' | 'reconnecting' | 'failed' | 'closed';

export interface ReconnectPolicy {
  initialDelayMs: number;
  maxDelayMs: number;
  /** Attempts before giving up; each waits twice as long as the one before, up to maxDelayMs. */
  maxAttempts: number;
}

// About two minutes of trying before the box is reported lost.
export const DEFAULT_RECONNECT: ReconnectPolicy = {
  initialDelayMs: 250,
  maxDelayMs: 30_000,
  maxAttempts: 10,
};

/**
 * One connection to a box, shared by everything that talks to it. When an established connection drops
 * it reconnects with backoff and tells its listeners, so followers and forwards carry on. It never
 * retries past a host-key problem or an authentication failure: those need a person.
 */
export class SshConnection {
  private current: SshSession | undefined;
  private pending: Promise<SshSession> | undefined;
  private failure: Error | undefined;
  private state: ConnectionState = 'connecting';
  private sftpSession: { session: SshSession; sftp: Promise<SFTPWrapper> } | undefined;
  private readonly reconnectListeners = new Set<() => void>();
  private readonly stateListeners = new Set<(state: ConnectionState, error?: Error) => void>();

  constructor(
    readonly label: string,
    private readonly open: () => Promise<SshSession>,
    private readonly policy: ReconnectPolicy = DEFAULT_RECONNECT,
  ) {}

  /** The first connection. Its failure goes to the caller as it is: retrying is the person's call. */
  connect(): Promise<SshSession> {
    if (this.pending) return this.pending;
    if (this.closed()) return Promise.reject(new Error(`The connection to ${this.label} is closed`));
    this.setState('connecting');
    this.pending = this.open().then(
      (session) => {
        // Closed while it opened (its only waiter gave up): the session arrives to nobody.
        if (this.closed()) {
          session.end();
          throw new Error(`The connection to ${this.label} is closed`);
        }
        return this.adopt(session);
      },
      (e: Error) => {
        this.fail(e);
        throw e;
      },
    );
    return this.pending;
  }

  /** The live session, waiting through a reconnect; rejects once the connection failed or was closed. */
  session(): Promise<SshSession> {
    if (this.state === 'closed')
      return Promise.reject(new Error(`The connection to ${this.label} is closed`));
    if (this.current) return Promise.resolve(this.current);
    if (this.state === 'failed' && this.failure) return Promise.reject(this.failure);
    return this.connect();
  }

  /** The SFTP channel of the live session, opened once per session. */
  async sftp(): Promise<SFTPWrapper> {
    const session = await this.session();
    if (this.sftpSession?.session !== session) {
      const sftp = new Promise<SFTPWrapper>((resolve, reject) =>
        session.client.sftp((err, s) => (err ? reject(err) : resolve(s))),
      );
      sftp.catch(() => {
        if (this.sftpSession?.sftp === sftp) this.sftpSession = undefined;
      });
      this.sftpSession = { session, sftp };
    }
    return this.sftpSession.sftp;
  }

  get connectionState(): ConnectionState {
    return this.state;
  }

  /** Called after every successful reconnect. Returns the unsubscribe function. */
  onReconnect(listener: () => void): () => void {
    this.reconnectListeners.add(listener);
    return () => this.reconnectListeners.delete(listener);
  }

  onStateChange(listener: (state: ConnectionState, error?: Error) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  close(): void {
    this.setState('closed');
    const session = this.current;
    this.current = undefined;
    this.sftpSession = undefined;
    session?.end();
  }

  private adopt(session: SshSession): SshSession {
    this.current = session;
    this.failure = undefined;
    // Errors after setup (a keepalive timeout, a reset) are followed by 'close'; the session's own
    // error listener keeps them from being thrown.
    session.client.once('close', () => this.lost(session));
    this.setState('ready');
    return session;
  }

  private lost(session: SshSession): void {
    if (this.current !== session || this.state === 'closed') return;
    this.current = undefined;
    this.sftpSession = undefined;
    this.setState('reconnecting');
    this.pending = this.reconnect();
    this.pending.catch(() => {});
  }

  private async reconnect(): Promise<SshSession> {
    let lastError: Error = new Error(`Lost the connection to ${this.label}`);
    for (let attempt = 0; attempt < this.policy.maxAttempts; attempt++) {
      await sleep(Math.min(this.policy.initialDelayMs * 2 ** attempt, this.policy.maxDelayMs));
      if (this.closed()) break;
      try {
        const session = await this.open();
        if (this.closed()) {
          session.end();
          break;
        }
        this.adopt(session);
        for (const listener of this.reconnectListeners) listener();
        return session;
      } catch (e) {
        lastError = e as Error;
        if (needsPerson(lastError)) break;
      }
    }
    if (this.closed()) throw new Error(`The connection to ${this.label} is closed`);
    this.fail(lastError);
    throw lastError;
  }

  // A method, not a field comparison: the state changes while reconnect() awaits.
  private closed(): boolean {
    return this.state === 'closed';
  }

  private fail(error: Error): void {
    if (this.state === 'closed') return;
    this.failure = error;
    this.pending = undefined;
    this.setState('failed', error);
  }

  private setState(state: ConnectionState, error?: Error): void {
    this.state = state;
    for (const listener of this.stateListeners) listener(state, error);
  }
}

function needsPerson(error: Error): boolean {
  return (
    error instanceof AuthFailedError ||
    error instanceof HostKeyMismatchError ||
    error instanceof UnknownHostKeyError
  );
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
