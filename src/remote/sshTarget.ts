import type { FileEntryWithStats, SFTPWrapper, Stats } from 'ssh2';
import { quoteArgv } from './quoteArgv';
import type { ConnectionState, SshConnection } from './sshConnection';
import { execOverSsh } from './sshExec';
import { forwardLocalPort } from './sshPortForward';
import type { SshSession } from './sshSession';
import type {
  DetachedOptions,
  DetachedProcess,
  DirEntry,
  ExecOptions,
  ExecResult,
  FileStat,
  PortForward,
  Target,
} from './target';

// SFTP status code for "no such file" (draft-ietf-secsh-filexfer-02, SSH_FX_NO_SUCH_FILE).
const SFTP_NO_SUCH_FILE = 2;

/** A box reached over SSH, through the box's shared connection (see SshConnectionPool). */
export class SshTarget implements Target {
  private homeDir: Promise<string> | undefined;
  private released = false;

  constructor(
    readonly label: string,
    private readonly connection: SshConnection,
    private readonly release: () => void,
  ) {}

  /** How the current session was set up: host-key status, credential used, resolved host. */
  async details(): Promise<Pick<SshSession, 'host' | 'hostKey' | 'authMethod'>> {
    const { host, hostKey, authMethod } = await this.connection.session();
    return { host, hostKey, authMethod };
  }

  home(): Promise<string> {
    // sftp-server starts in the login directory, so "." resolves to home without running a shell.
    this.homeDir ??= this.sftp((s, cb) => s.realpath('.', cb));
    this.homeDir.catch(() => (this.homeDir = undefined));
    return this.homeDir;
  }

  exec(argv: readonly string[], options: ExecOptions = {}): Promise<ExecResult> {
    return execOverSsh(this.connection, this.label, argv, options);
  }

  async startDetached(argv: readonly string[], options: DetachedOptions = {}): Promise<DetachedProcess> {
    // setsid in a background job of a non-interactive shell execs in place (the job is not a process
    // group leader), so $! is the program's pid, which is also its new session and process group id.
    // With every stream redirected the ssh channel closes at once and nothing ties the process to it.
    const script =
      (options.cwd !== undefined ? `cd ${quoteArgv([options.cwd])} || exit 1; ` : '') +
      `setsid ${quoteArgv(argv)} >>${quoteArgv([options.logPath ?? '/dev/null'])} 2>&1 </dev/null & echo $!`;
    const result = await this.exec(['sh', '-c', script], { timeoutMs: 30_000 });
    const pid = Number(result.stdout.toString().trim());
    if (result.code !== 0 || !Number.isInteger(pid) || pid <= 0) {
      throw new Error(
        `Could not start ${argv[0] ?? 'the process'} on ${this.label}: ${result.stderr.toString().trim()}`,
      );
    }
    return { pid };
  }

  forwardPort(remoteHost: string, remotePort: number, localPort?: number): Promise<PortForward> {
    return forwardLocalPort(this.connection, remoteHost, remotePort, localPort);
  }

  onReconnect(listener: () => void): () => void {
    return this.connection.onReconnect(listener);
  }

  /** Connection state changes (reconnecting, failed, ...) for status displays. */
  onStateChange(listener: (state: ConnectionState, error?: Error) => void): () => void {
    return this.connection.onStateChange(listener);
  }

  readFile(path: string): Promise<Buffer> {
    return this.sftp((s, cb) => s.readFile(path, cb));
  }

  /** SFTP reads at an offset, over the box's shared connection: only the range crosses the link. */
  async readRange(path: string, offset: number, length: number): Promise<Buffer> {
    const handle = await this.sftp<Buffer>((s, cb) => s.open(path, 'r', cb));
    try {
      const buffer = Buffer.alloc(length);
      let got = 0;
      while (got < length) {
        const bytesRead = await this.sftp<number>((s, cb) =>
          s.read(handle, buffer, got, length - got, offset + got, (err, n) => cb(err, n)),
        );
        if (bytesRead === 0) break;
        got += bytesRead;
      }
      return buffer.subarray(0, got);
    } finally {
      await this.sftp<void>((s, cb) => s.close(handle, (err) => cb(err))).catch(() => undefined);
    }
  }

  async writeFile(path: string, data: string | Buffer, mode = 0o644): Promise<void> {
    await this.sftp<void>((s, cb) => s.writeFile(path, data, { mode }, (err) => cb(err)));
    // The mode given at open applies only when the file is created; an existing file keeps its own.
    await this.sftp<void>((s, cb) => s.chmod(path, mode, (err) => cb(err)));
  }

  async readDir(path: string): Promise<DirEntry[]> {
    const list = await this.sftp<FileEntryWithStats[]>((s, cb) => s.readdir(path, cb));
    return list
      .filter((e) => e.filename !== '.' && e.filename !== '..')
      .map((e) => ({ name: e.filename, isDirectory: e.attrs.isDirectory() }));
  }

  async stat(path: string): Promise<FileStat | undefined> {
    try {
      const s = await this.sftp<Stats>((sftp, cb) => sftp.stat(path, cb));
      return { size: s.size, mtimeMs: s.mtime * 1000, isDirectory: s.isDirectory() };
    } catch (e) {
      if ((e as { code?: unknown }).code === SFTP_NO_SUCH_FILE) return undefined;
      throw e;
    }
  }

  async close(): Promise<void> {
    if (this.released) return;
    this.released = true;
    this.release();
  }

  private async sftp<T>(
    op: (sftp: SFTPWrapper, cb: (err: Error | null | undefined, value: T) => void) => void,
  ): Promise<T> {
    const sftp = await this.connection.sftp();
    return new Promise<T>((resolve, reject) =>
      op(sftp, (err, value) => (err ? reject(err) : resolve(value))),
    );
  }
}
