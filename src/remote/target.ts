// A Target is the machine a Box stands for: reached over SSH, or this machine when VS Code already
// runs on the box. Everything above this interface works the same for both.

export interface FileStat {
  size: number;
  /** Modification time in ms since the epoch. */
  mtimeMs: number;
  isDirectory: boolean;
  /** Inode number where the target reports one (used to notice a replaced file). */
  ino?: number;
}

export interface DirEntry {
  name: string;
  isDirectory: boolean;
}

export interface ExecOptions {
  stdin?: string | Buffer;
  /** Kill the command and reject once this many ms have passed. */
  timeoutMs?: number;
  onStdout?: (chunk: Buffer) => void;
  onStderr?: (chunk: Buffer) => void;
  /** Ends a long-running command (a follower's tail); the promise then resolves with what it had. */
  signal?: AbortSignal;
}

export interface ExecResult {
  /** Exit status, or null when the command died of a signal. */
  code: number | null;
  signal: string | null;
  stdout: Buffer;
  stderr: Buffer;
}

export interface DetachedOptions {
  /** Working directory of the process. */
  cwd?: string;
  /** File that receives stdout and stderr (appended); without it they are discarded. */
  logPath?: string;
}

export interface DetachedProcess {
  /** Also its process group and session id: the process runs in a new session (setsid). */
  pid: number;
}

export interface PortForward {
  /** Where to connect to reach the forwarded remote address. */
  readonly host: string;
  readonly port: number;
  close(): Promise<void>;
}

export interface Target {
  /** What the user calls this box: an ssh host alias or "local". */
  readonly label: string;
  /** The user's home directory on the target, for expanding `~`. */
  home(): Promise<string>;
  /** Runs argv (quoted for the remote shell where there is one) and collects or streams its output. */
  exec(argv: readonly string[], options?: ExecOptions): Promise<ExecResult>;
  readFile(path: string): Promise<Buffer>;
  /** Bytes offset..offset+length of the file (fewer where it ends first), without reading the rest. */
  readRange(path: string, offset: number, length: number): Promise<Buffer>;
  writeFile(path: string, data: string | Buffer, mode?: number): Promise<void>;
  readDir(path: string): Promise<DirEntry[]>;
  /** undefined when nothing exists at path. */
  stat(path: string): Promise<FileStat | undefined>;
  /**
   * Starts argv in its own session, detached from this connection, so it keeps running when the
   * connection drops or the editor quits.
   */
  startDetached(argv: readonly string[], options?: DetachedOptions): Promise<DetachedProcess>;
  /**
   * Makes remoteHost:remotePort (as seen from the target) reachable from this machine, listening on
   * 127.0.0.1 only. localPort 0 or absent picks a free port.
   */
  forwardPort(remoteHost: string, remotePort: number, localPort?: number): Promise<PortForward>;
  /**
   * Calls listener each time the target is reachable again after losing its connection, so followers
   * can pick up where they were. Returns the unsubscribe function.
   */
  onReconnect(listener: () => void): () => void;
  close(): Promise<void>;
}

/** Expands a leading `~` or `~/` against the target's home directory. */
export async function resolveTargetPath(target: Target, path: string): Promise<string> {
  if (path === '~') return target.home();
  if (path.startsWith('~/')) return `${await target.home()}/${path.slice(2)}`;
  return path;
}
