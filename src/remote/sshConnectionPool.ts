import { homedir, userInfo } from 'node:os';
import { untilAborted } from '../core/work/slicedWork';
import { DEFAULT_RECONNECT, SshConnection, type ReconnectPolicy } from './sshConnection';
import type { LocalContext } from './sshHostConfig';
import type { SshPrompts } from './sshPrompts';
import { hostResolver } from './sshHostResolver';
import { openSshSession } from './sshSession';
import { SshTarget } from './sshTarget';

export interface SshPoolOptions {
  prompts: SshPrompts;
  /**
   * The ssh_config file to read instead of ~/.ssh/config and /etc/ssh/ssh_config (ssh -F), asked on
   * every (re)connect so a changed setting applies.
   */
  configFile?: () => string | undefined;
  /** Replaces UserKnownHostsFile (the doctor's --known-hosts). */
  knownHostsFiles?: readonly string[];
  /** The local user, home and environment (SSH_AUTH_SOCK); default this process's. */
  local?: LocalContext;
  reconnect?: ReconnectPolicy;
}

/**
 * Hands out SshTargets that share one connection per box. The connection opens with the first target
 * and closes when the last one is closed.
 */
export class SshConnectionPool {
  private readonly boxes = new Map<string, { connection: SshConnection; refs: number }>();
  private readonly local: LocalContext;

  constructor(private readonly options: SshPoolOptions) {
    this.local = options.local ?? { home: homedir(), localUser: userInfo().username, env: process.env };
  }

  /**
   * A target for the box (a Host alias or `[user@]host[:port]`), connected or failing with a typed error.
   * An abort of `signal` gives up the wait at once (an AbortError), and the connection with it when
   * nobody else waits for it: a host that never answers holds nobody for its whole ConnectTimeout.
   */
  async target(box: string, signal?: AbortSignal): Promise<SshTarget> {
    let entry = this.boxes.get(box);
    if (!entry) {
      // The config is read again on every (re)connect, so edits to ~/.ssh/config apply without a restart.
      const open = async () =>
        openSshSession({
          box,
          resolve: hostResolver(this.options.configFile?.(), this.local),
          prompts: this.options.prompts,
          ...(this.options.knownHostsFiles ? { knownHostsFiles: this.options.knownHostsFiles } : {}),
        });
      entry = {
        connection: new SshConnection(box, open, this.options.reconnect ?? DEFAULT_RECONNECT),
        refs: 0,
      };
      this.boxes.set(box, entry);
    }
    const current = entry;
    current.refs++;
    try {
      // Also the Retry path: a connection that failed earlier tries again here.
      const connected = current.connection.connect();
      await (signal ? untilAborted(connected, signal) : connected);
    } catch (e) {
      this.release(box, current);
      throw e;
    }
    return new SshTarget(box, current.connection, () => this.release(box, current));
  }

  /** Closes every connection, whoever still holds a target. */
  closeAll(): void {
    for (const { connection } of this.boxes.values()) connection.close();
    this.boxes.clear();
  }

  private release(box: string, entry: { connection: SshConnection; refs: number }): void {
    if (--entry.refs > 0) return;
    entry.connection.close();
    if (this.boxes.get(box) === entry) this.boxes.delete(box);
  }
}
