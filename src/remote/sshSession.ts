import type { Duplex } from 'node:stream';
import { Client } from 'ssh2';
import { hostKeyAlgorithms, verifyHostKey, type HostKeyOutcome, type HostKeyPolicy } from './hostKeyVerifier';
import { readKnownHostsFiles } from './knownHostsFiles';
import { PausableTimer } from './pausableTimer';
import { AuthSequence } from './sshAuth';
import { AuthFailedError, UnreachableError } from './sshErrors';
import type { SshHostConfig } from './sshHostConfig';
import type { HostResolver } from './sshHostResolver';
import type { SshPrompts } from './sshPrompts';
import { reasonForChannelFailure, tcpConnect } from './tcpConnect';
import { probeLoginShell, type LoginShell } from './loginShell';
import { spawnProxyCommand } from './proxyCommand';

// When ssh_config sets no ConnectTimeout: a bound on each network step, never on a person's answer.
const DEFAULT_CONNECT_TIMEOUT_MS = 20_000;
// When ssh_config sets no ServerAliveInterval: a dead link is noticed within about a minute.
const DEFAULT_KEEPALIVE_MS = 15_000;
const MAX_JUMPS = 10;

export interface SessionOptions {
  /** The box as the user names it: a Host alias or `[user@]host[:port]`. */
  box: string;
  /** The ssh_config settings of each host on the way (ssh -G, or the parser without OpenSSH). */
  resolve: HostResolver;
  prompts: SshPrompts;
  /** Replaces UserKnownHostsFile for every hop (the doctor's --known-hosts). */
  knownHostsFiles?: readonly string[];
}

/** A ready SSH connection to the box, through its ProxyJump hops when it has them. */
export interface SshSession {
  client: Client;
  host: SshHostConfig;
  hostKey: HostKeyOutcome;
  /** The credential that logged in, e.g. "agent" or "publickey /home/u/.ssh/id_ed25519". */
  authMethod: string;
  /** The account's login shell, which reads every exec request (see loginShell.ts). */
  loginShell: LoginShell;
  /** Ends the connection and every hop under it. */
  end(): void;
}

export async function openSshSession(options: SessionOptions): Promise<SshSession> {
  const chain = await resolveChain(options.resolve, options.box, undefined, 0);
  const clients: Client[] = [];
  try {
    let last: Omit<SshSession, 'end' | 'loginShell'> | undefined;
    for (const hop of chain) {
      const timeout = hop.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
      const previous = clients.at(-1);
      if (previous) {
        last = await handshake(hop, await forwardTo(previous, hop, timeout), options);
      } else if (hop.proxyCommand !== undefined) {
        const proxy = spawnProxyCommand(hop.proxyCommand, {
          host: hop.hostName,
          port: hop.port,
          user: hop.user,
        });
        last = await handshake(
          hop,
          proxy.sock,
          options,
          () => `ProxyCommand said: ${proxy.stderrTail() || 'nothing'}`,
        );
      } else {
        last = await handshake(hop, await tcpConnect(hop.hostName, hop.port, timeout), options);
      }
      clients.push(last.client);
    }
    if (!last) throw new Error(`No host to connect to for ${options.box}`);
    const loginShell = await probeLoginShell(
      last.client,
      options.box,
      last.host.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    );
    const end = (): void => [...clients].reverse().forEach((c) => c.end());
    // A hop that dies takes the session with it; ending the session ends the hops.
    last.client.once('close', end);
    return { ...last, loginShell, end };
  } catch (e) {
    clients.forEach((c) => c.end());
    throw e;
  }
}

/**
 * The hosts to pass through, first hop first, target last. `ProxyJump A,B` reaches B through A and the
 * target through B, as ssh(1) does; a hop's own ProxyJump applies when nothing overrides it. Only the
 * first hop can use a ProxyCommand: every later one is reached through the hop before it.
 */
async function resolveChain(
  resolve: HostResolver,
  spec: string,
  jumpsOverride: string[] | undefined,
  depth: number,
): Promise<SshHostConfig[]> {
  if (depth > MAX_JUMPS) throw new Error(`ProxyJump for ${spec} nests more than ${MAX_JUMPS} hops (a loop?)`);
  const host = await resolve(spec);
  const jumps = jumpsOverride ?? host.proxyJump;
  const via = jumps.at(-1);
  if (via === undefined) return [host];
  const before = jumps.slice(0, -1);
  return [...(await resolveChain(resolve, via, before.length ? before : undefined, depth + 1)), host];
}

/** A channel from a jump host to the next hop, used as that hop's socket. */
function forwardTo(jump: Client, hop: SshHostConfig, timeoutMs: number): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () =>
        reject(new UnreachableError(hop.hostName, hop.port, 'timeout', `no channel within ${timeoutMs} ms`)),
      timeoutMs,
    );
    jump.forwardOut('127.0.0.1', 0, hop.hostName, hop.port, (err, stream) => {
      clearTimeout(timer);
      if (err)
        reject(
          new UnreachableError(hop.hostName, hop.port, reasonForChannelFailure(err.message), err.message),
        );
      else resolve(stream);
    });
  });
}

async function handshake(
  hop: SshHostConfig,
  sock: Duplex,
  options: SessionOptions,
  /** What the transport has to say when it ends before SSH is up (a ProxyCommand's stderr). */
  transportDetail?: () => string,
): Promise<Omit<SshSession, 'end' | 'loginShell'>> {
  const policy: HostKeyPolicy = {
    userKnownHostsFiles: options.knownHostsFiles ?? hop.userKnownHostsFiles,
    globalKnownHostsFiles: hop.globalKnownHostsFiles,
    hashKnownHosts: hop.hashKnownHosts,
    strictHostKeyChecking: hop.strictHostKeyChecking,
  };
  // The stream may end while known_hosts is read, before ssh2 listens: remember it to fail at once.
  let sockClosed = false;
  sock.once('close', () => (sockClosed = true));
  const entries = await readKnownHostsFiles([...policy.userKnownHostsFiles, ...policy.globalKnownHostsFiles]);
  const closed = (detail: string) =>
    new UnreachableError(
      hop.hostName,
      hop.port,
      'closed',
      transportDetail ? `${detail}; ${transportDetail()}` : detail,
    );
  if (sockClosed) throw closed('the connection closed during SSH setup');
  const timeoutMs = hop.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  const client = new Client();

  return new Promise((resolve, reject) => {
    let settled = false;
    let verdict: Error | undefined;
    let hostKey: HostKeyOutcome | undefined;
    const fail = (error: Error): void => {
      if (settled) return;
      settled = true;
      timer.clear();
      client.end();
      sock.destroy();
      reject(error);
    };
    const timer = new PausableTimer(timeoutMs, () =>
      fail(
        new UnreachableError(
          hop.hostName,
          hop.port,
          'timeout',
          `SSH setup did not finish within ${timeoutMs} ms`,
        ),
      ),
    );
    // Time spent waiting for a person does not count against the connect timeout.
    const prompts: SshPrompts = {
      confirmHostKey: (q) => timer.paused(() => options.prompts.confirmHostKey(q)),
      passphrase: (q) => timer.paused(() => options.prompts.passphrase(q)),
      passphraseAccepted: (path, passphrase) => options.prompts.passphraseAccepted?.(path, passphrase),
      secret: (q) => timer.paused(() => options.prompts.secret(q)),
    };
    const auth = new AuthSequence(
      {
        user: hop.user,
        host: hop.hostName,
        agentSocket: hop.identityAgent,
        identityFiles: hop.identityFiles,
        identitiesOnly: hop.identitiesOnly,
        preferredAuthentications: hop.preferredAuthentications,
      },
      prompts,
    );

    // These listeners stay for the client's life; after setup they are no-ops that keep late errors
    // from being thrown, and the shared connection sees the 'close' that follows.
    client.on('error', (e: Error & { level?: string }) => {
      // An unreachable agent is not fatal: ssh2 reports it and moves on to the next method.
      if (e.level === 'agent') return;
      if (verdict) return fail(verdict);
      if (e.level === 'client-authentication')
        return fail(new AuthFailedError(hop.user, hop.hostName, hop.port, auth.tried));
      fail(closed(e.message));
    });
    client.on('close', () => fail(verdict ?? closed('the connection closed during SSH setup')));
    client.once('ready', () => {
      if (settled) return;
      settled = true;
      timer.clear();
      if (!hostKey) return reject(new Error('ssh2 reported ready without verifying the host key'));
      resolve({ client, host: hop, hostKey, authMethod: auth.method ?? 'none' });
    });

    client.connect({
      sock,
      username: hop.user,
      // Our PausableTimer bounds the setup instead: ssh2's own timer would also count prompt time.
      readyTimeout: 0,
      keepaliveInterval: hop.serverAliveIntervalMs ?? DEFAULT_KEEPALIVE_MS,
      keepaliveCountMax: hop.serverAliveCountMax,
      algorithms: { serverHostKey: hostKeyAlgorithms(entries, hop.hostName, hop.port) },
      hostVerifier: (key: Buffer, verify: (valid: boolean) => void): void => {
        verifyHostKey(hop.hostName, hop.port, key, policy, prompts).then(
          (outcome) => {
            hostKey = outcome;
            verify(true);
          },
          (e: Error) => {
            verdict = e;
            verify(false);
          },
        );
      },
      authHandler: auth.handler,
    });
  });
}
