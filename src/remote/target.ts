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
}

export interface ExecResult {
  /** Exit status, or null when the command died of a signal. */
  code: number | null;
  signal: string | null;
  stdout: Buffer;
  stderr: Buffer;
}

export interface Target {
  /** What the user calls this box: an ssh host alias or "local". */
  readonly label: string;
  /** The user's home directory on the target, for expanding `~`. */
  home(): Promise<string>;
  /** Runs argv (quoted for the remote shell where there is one) and collects or streams its output. */
  exec(argv: readonly string[], options?: ExecOptions): Promise<ExecResult>;
  readFile(path: string): Promise<Buffer>;
  writeFile(path: string, data: string | Buffer, mode?: number): Promise<void>;
  readDir(path: string): Promise<DirEntry[]>;
  /** undefined when nothing exists at path. */
  stat(path: string): Promise<FileStat | undefined>;
  close(): Promise<void>;
}

/** Expands a leading `~` or `~/` against the target's home directory. */
export async function resolveTargetPath(target: Target, path: string): Promise<string> {
  if (path === '~') return target.home();
  if (path.startsWith('~/')) return `${await target.home()}/${path.slice(2)}`;
  return path;
}
