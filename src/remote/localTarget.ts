import { spawn } from 'node:child_process';
import { openSync, closeSync, promises as fs } from 'node:fs';
import { homedir } from 'node:os';
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

/** The machine VS Code runs on, used as a box (the box is local, or the demo). */
export class LocalTarget implements Target {
  readonly label = 'local';

  async home(): Promise<string> {
    return homedir();
  }

  exec(argv: readonly string[], options: ExecOptions = {}): Promise<ExecResult> {
    const [cmd, ...args] = argv;
    if (cmd === undefined) return Promise.reject(new Error('exec needs a program to run'));
    return new Promise((resolve, reject) => {
      // No shell: argv reaches the program as it is, so nothing in it is ever interpreted.
      const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'] });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      let timer: NodeJS.Timeout | undefined;
      if (options.timeoutMs !== undefined) {
        timer = setTimeout(() => {
          child.kill('SIGKILL');
          reject(new Error(`${cmd} did not finish within ${options.timeoutMs} ms`));
        }, options.timeoutMs);
      }
      const abort = () => child.kill('SIGTERM');
      if (options.signal?.aborted) abort();
      options.signal?.addEventListener('abort', abort, { once: true });
      child.stdout.on('data', (c: Buffer) => (options.onStdout ? options.onStdout(c) : out.push(c)));
      child.stderr.on('data', (c: Buffer) => (options.onStderr ? options.onStderr(c) : err.push(c)));
      child.on('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', abort);
        resolve({ code, signal, stdout: Buffer.concat(out), stderr: Buffer.concat(err) });
      });
      // A program that exits without reading its input closes the pipe; that is not an error.
      child.stdin.on('error', () => {});
      child.stdin.end(options.stdin ?? '');
    });
  }

  readFile(path: string): Promise<Buffer> {
    return fs.readFile(path);
  }

  async readRange(path: string, offset: number, length: number): Promise<Buffer> {
    const handle = await fs.open(path, 'r');
    try {
      const buffer = Buffer.alloc(length);
      let got = 0;
      while (got < length) {
        const { bytesRead } = await handle.read(buffer, got, length - got, offset + got);
        if (bytesRead === 0) break;
        got += bytesRead;
      }
      return buffer.subarray(0, got);
    } finally {
      await handle.close();
    }
  }

  async writeFile(path: string, data: string | Buffer, mode = 0o644): Promise<void> {
    await fs.writeFile(path, data, { mode });
    await fs.chmod(path, mode);
  }

  async readDir(path: string): Promise<DirEntry[]> {
    const entries = await fs.readdir(path, { withFileTypes: true });
    return entries.map((e) => ({ name: e.name, isDirectory: e.isDirectory() }));
  }

  async stat(path: string): Promise<FileStat | undefined> {
    try {
      const s = await fs.stat(path);
      return { size: s.size, mtimeMs: s.mtimeMs, isDirectory: s.isDirectory(), ino: s.ino };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
  }

  async startDetached(argv: readonly string[], options: DetachedOptions = {}): Promise<DetachedProcess> {
    const [cmd, ...args] = argv;
    if (cmd === undefined) throw new Error('startDetached needs a program to run');
    const output = options.logPath === undefined ? 'ignore' : openSync(options.logPath, 'a');
    try {
      // detached: a new session and process group, so the process outlives the editor.
      const child = spawn(cmd, args, { cwd: options.cwd, detached: true, stdio: ['ignore', output, output] });
      const pid = await new Promise<number>((resolve, reject) => {
        child.once('spawn', () =>
          child.pid === undefined ? reject(new Error(`${cmd} did not start`)) : resolve(child.pid),
        );
        child.once('error', reject);
      });
      child.unref();
      return { pid };
    } finally {
      if (typeof output === 'number') closeSync(output);
    }
  }

  /** The box is this machine: the remote address is reachable as it is, nothing to forward. */
  async forwardPort(remoteHost: string, remotePort: number): Promise<PortForward> {
    return { host: remoteHost, port: remotePort, close: async () => {} };
  }

  /** This machine never loses its connection to itself. */
  onReconnect(): () => void {
    return () => {};
  }

  async close(): Promise<void> {}
}
