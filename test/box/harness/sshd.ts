import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { appendFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, connect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { generateKey, type KeyPair } from './keys';

const SSHD = '/usr/sbin/sshd';
const SFTP_SERVER = '/usr/lib/openssh/sftp-server';
// sshd's compiled-in default; the harness puts its own dirs in front of it.
const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

export interface SshdOptions {
  /**
   * Extra sshd_config lines (e.g. "LogLevel DEBUG1"). They come before the harness's own lines, and sshd
   * keeps the first value it reads for a keyword, so they override the harness defaults. No Match
   * blocks: those would swallow the lines after them.
   */
  extraConfig?: readonly string[];
  /** Directories put in front of PATH for every session (fixtures standing in for ray, sglang, ...). */
  pathDirs?: readonly string[];
  /** More variables for every session (values without spaces), e.g. PYTHONPATH for fixture packages. */
  env?: Readonly<Record<string, string>>;
  /** The type of the one host key the server offers (default ed25519). */
  hostKeyType?: 'ed25519' | 'rsa';
}

/**
 * A real OpenSSH server on a free loopback port, run as the current user from a temp dir with its own
 * host key, user key and authorized_keys. Box tests connect to it exactly as the product connects to a
 * GPU box.
 */
export class Sshd {
  readonly host = '127.0.0.1';
  readonly user = userInfo().username;
  private process: ChildProcess | undefined;
  private options: SshdOptions;

  private constructor(
    /** The temp dir holding config, keys and logs; removed by stop(). */
    readonly dir: string,
    readonly port: number,
    readonly hostKey: KeyPair,
    readonly userKey: KeyPair,
    options: SshdOptions,
  ) {
    this.options = options;
  }

  static async start(options: SshdOptions = {}): Promise<Sshd> {
    const dir = await mkdtemp(join(tmpdir(), 'rs-sshd-'));
    const type = options.hostKeyType ?? 'ed25519';
    const hostKey = await generateKey(join(dir, `ssh_host_${type}_key`), { type, comment: 'host' });
    const userKey = await generateKey(join(dir, 'id_ed25519'), { comment: 'user' });
    await writeFile(join(dir, 'authorized_keys'), `${userKey.publicKey}\n`, { mode: 0o600 });
    // Running as root, sshd insists on its privilege-separation dir; Debian's service unit creates it.
    if (process.getuid?.() === 0) await mkdir('/run/sshd', { recursive: true, mode: 0o755 });
    // The free port is found by binding and releasing it, so another process can take it first: retry.
    for (let attempt = 1; ; attempt++) {
      const sshd = new Sshd(dir, await freePort(), hostKey, userKey, options);
      try {
        await sshd.launch();
        return sshd;
      } catch (e) {
        if (attempt >= 3) {
          await rm(dir, { recursive: true, force: true });
          throw e;
        }
      }
    }
  }

  /** The private key file of the user key that authorized_keys accepts. */
  get userKeyPath(): string {
    return this.userKey.path;
  }

  /** The host public key, "ssh-ed25519 AAAA...". */
  get hostPublicKey(): string {
    return this.hostKey.publicKey;
  }

  /** A known_hosts line for this server, in the `[host]:port` form OpenSSH writes for non-22 ports. */
  knownHostsLine(): string {
    return `[${this.host}]:${this.port} ${this.hostPublicKey}`;
  }

  /** Everything sshd logged so far (-e sends its log to stderr, which the harness keeps in a file). */
  log(): Promise<string> {
    return readFile(join(this.dir, 'sshd.log'), 'utf8');
  }

  /** Lets another key log in (e.g. an encrypted key or an agent's key). */
  authorizeKey(publicKey: string): Promise<void> {
    return appendFile(join(this.dir, 'authorized_keys'), `${publicKey}\n`);
  }

  /** Replaces the accepted keys (an empty list locks everyone out, e.g. for auth-failure tests). */
  setAuthorizedKeys(publicKeys: readonly string[]): Promise<void> {
    return writeFile(join(this.dir, 'authorized_keys'), publicKeys.map((k) => `${k}\n`).join(''));
  }

  /**
   * Restarts the listener on the same port with the same keys and new options (e.g. extra config
   * lines for a test); open connections are dropped.
   */
  async restart(options: SshdOptions = this.options): Promise<void> {
    await this.killConnections();
    await this.stopListener();
    this.options = options;
    await this.launch();
  }

  /**
   * Kills the per-connection sshd processes (not the listener), so clients see their connection die
   * while the server keeps accepting: what a dropped network or a restarted box looks like.
   * Session programs started with setsid keep running, as they would on a real box.
   */
  async killConnections(): Promise<void> {
    for (const pid of await connectionProcesses(this.process?.pid)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Already gone: a connection can end while we walk the tree.
      }
    }
  }

  /** Stops the server and its connections and removes the temp dir. */
  async stop(): Promise<void> {
    await this.killConnections();
    await this.stopListener();
    await rm(this.dir, { recursive: true, force: true });
  }

  private config(): string {
    const path = [...(this.options.pathDirs ?? []), DEFAULT_PATH].join(':');
    return [
      ...(this.options.extraConfig ?? []),
      `Port ${this.port}`,
      `ListenAddress ${this.host}`,
      `HostKey ${this.hostKey.path}`,
      `PidFile ${join(this.dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${join(this.dir, 'authorized_keys')}`,
      // The temp dir and keys belong to the test user, not to root-owned system paths.
      'StrictModes no',
      'UsePAM no',
      'PermitRootLogin prohibit-password',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'AllowTcpForwarding yes',
      'LogLevel VERBOSE',
      `Subsystem sftp ${SFTP_SERVER}`,
      // SetEnv applies after sshd's default PATH, so fixtures shadow system programs for sessions;
      // the login shell's rc files may still prepend their own dirs. One line: sshd keeps the first.
      `SetEnv PATH=${path} ${Object.entries(this.options.env ?? {})
        .map(([k, v]) => `${k}=${v}`)
        .join(' ')}`.trimEnd(),
      '',
    ].join('\n');
  }

  private async launch(): Promise<void> {
    const configPath = join(this.dir, 'sshd_config');
    await writeFile(configPath, this.config());
    const log = createWriteStream(join(this.dir, 'sshd.log'), { flags: 'a' });
    const child = spawn(SSHD, ['-D', '-e', '-f', configPath], { stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr.pipe(log);
    this.process = child;
    const exited = new Promise<never>((_, reject) =>
      child.once('exit', async (code) => {
        reject(new Error(`sshd exited (code ${code}) before accepting connections:\n${await this.log()}`));
      }),
    );
    exited.catch(() => {});
    try {
      await Promise.race([waitForBanner(this.host, this.port, 10_000), exited]);
    } catch (e) {
      await this.stopListener();
      throw e;
    }
  }

  private async stopListener(): Promise<void> {
    const child = this.process;
    this.process = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
    await gone;
    clearTimeout(timer);
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()));
    });
  });
}

/** Resolves once something on host:port speaks SSH; a bare TCP accept is not enough. */
async function waitForBanner(host: string, port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(port, host);
      socket.setTimeout(1000);
      socket.once('data', (d) => {
        socket.destroy();
        resolve(d.toString('latin1').startsWith('SSH-'));
      });
      socket.once('error', () => resolve(false));
      socket.once('timeout', () => {
        socket.destroy();
        resolve(false);
      });
    });
    if (ok) return;
    if (Date.now() > deadline)
      throw new Error(`sshd did not accept on ${host}:${port} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * The per-connection sshd processes under the listener: its child per connection and that child's
 * privilege-separated child. Session programs below them are left alone.
 */
async function connectionProcesses(listener: number | undefined): Promise<number[]> {
  if (listener === undefined) return [];
  const parents = new Map<number, number>();
  const names = new Map<number, string>();
  for (const entry of await readdir('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    try {
      const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
      // "pid (comm) state ppid ...": comm may hold spaces or parens, so split after the last ')'.
      const close = stat.lastIndexOf(')');
      names.set(pid, stat.slice(stat.indexOf('(') + 1, close));
      parents.set(pid, Number(stat.slice(close + 2).split(' ')[1]));
    } catch {
      // The process ended while we listed /proc.
    }
  }
  const result: number[] = [];
  const walk = (pid: number): void => {
    for (const [child, parent] of parents) {
      if (parent !== pid) continue;
      // sshd (up to 9.7) and sshd-session (9.8+) are the connection; anything else is a user program.
      if (!names.get(child)?.startsWith('sshd')) continue;
      result.push(child);
      walk(child);
    }
  };
  walk(listener);
  return result;
}
