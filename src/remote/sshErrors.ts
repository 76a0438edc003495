// Typed failures of reaching a box, each with a message that says what failed and what to try. The
// doctor maps them to exit codes and the UI to its hints, so they carry their facts as fields.

/** The server's key is in no known_hosts file and nobody said yes to it. */
export class UnknownHostKeyError extends Error {
  override readonly name = 'UnknownHostKeyError';
  constructor(
    readonly host: string,
    readonly port: number,
    readonly keyType: string,
    readonly fingerprint: string,
  ) {
    super(
      `The host key of ${hostPort(host, port)} is not known (${keyType} ${fingerprint}). ` +
        'Check the fingerprint with the box owner, then accept it (doctor: --accept-new-host) or add it to known_hosts.',
    );
  }
}

/** known_hosts holds a different key for this host, or marks the offered key @revoked. */
export class HostKeyMismatchError extends Error {
  override readonly name = 'HostKeyMismatchError';
  constructor(
    readonly host: string,
    readonly port: number,
    readonly keyType: string,
    readonly fingerprint: string,
    /** The known_hosts file and 1-based line that contradicts the offered key. */
    readonly file: string,
    readonly line: number,
    readonly revoked: boolean,
    /** Set when the known entry is of another type than the offered key (e.g. ed25519 known, RSA offered). */
    readonly knownKeyType?: string,
  ) {
    super(
      revoked
        ? `The host key of ${hostPort(host, port)} (${keyType} ${fingerprint}) is marked @revoked in ${file}:${line}. ` +
            'Refusing to connect; ask the box owner which key is current.'
        : knownKeyType !== undefined
          ? `The host ${hostPort(host, port)} offered only a ${keyType} key (${fingerprint}), but ${file}:${line} holds its ${knownKeyType} key. ` +
            'A server that hides the key you know may be an impostor. Refusing to connect; if the box really changed its keys, ' +
            `remove its lines (ssh-keygen -R ${knownHostsName(host, port)}) and connect again.`
          : `The host key of ${hostPort(host, port)} has changed: it offered ${keyType} ${fingerprint}, which does not match ` +
            `${file}:${line}. Someone may be intercepting the connection, or the box was reinstalled. ` +
            `Refusing to connect; if the change is expected, remove that line (ssh-keygen -R ${knownHostsName(host, port)}) and connect again.`,
    );
  }
}

/** The server accepted none of the credentials we had. Never retried automatically. */
export class AuthFailedError extends Error {
  override readonly name = 'AuthFailedError';
  constructor(
    readonly user: string,
    readonly host: string,
    readonly port: number,
    /** What was offered, in order (e.g. "agent", "publickey ~/.ssh/id_ed25519", "password"). */
    readonly tried: readonly string[],
  ) {
    super(
      `Authentication as ${user} on ${hostPort(host, port)} failed` +
        (tried.length ? ` (tried: ${tried.join(', ')}). ` : ' (no credentials to offer). ') +
        'Check User and IdentityFile in ~/.ssh/config, that your key is loaded in ssh-agent (ssh-add -l), ' +
        'and that `ssh` itself can log in.',
    );
  }
}

export type UnreachableReason = 'dns' | 'refused' | 'timeout' | 'network' | 'closed';

const REASON_TEXT: Record<UnreachableReason, string> = {
  dns: 'the host name does not resolve; check HostName in ~/.ssh/config and your DNS or VPN',
  refused: 'the connection was refused; check Port and that sshd runs on the box',
  timeout: 'it did not answer in time; check that the box is up and reachable (VPN, firewall, ProxyJump)',
  network: 'the network path to it is down; check your connection, VPN and routes',
  closed: 'it closed the connection before SSH started; check the port and any ProxyJump host',
};

/** No SSH session could be set up with the box (or a ProxyJump hop on the way). */
export class UnreachableError extends Error {
  override readonly name = 'UnreachableError';
  constructor(
    readonly host: string,
    readonly port: number,
    readonly reason: UnreachableReason,
    readonly detail: string,
  ) {
    super(`Cannot reach ${hostPort(host, port)}: ${REASON_TEXT[reason]} (${detail}).`);
  }
}

/** The connection died under a running operation; the shared connection reconnects on its own. */
export class ConnectionLostError extends Error {
  override readonly name = 'ConnectionLostError';
  constructor(
    readonly host: string,
    what: string,
  ) {
    super(`The connection to ${host} was lost during ${what}; it reconnects by itself, try again.`);
  }
}

/** A command ran past its time limit and was killed. */
export class CommandTimeoutError extends Error {
  override readonly name = 'CommandTimeoutError';
  constructor(
    readonly command: string,
    readonly timeoutMs: number,
  ) {
    super(`${command} did not finish within ${timeoutMs} ms and was stopped.`);
  }
}

function hostPort(host: string, port: number): string {
  return port === 22 ? host : `${host} port ${port}`;
}

/** The name under which OpenSSH files a host in known_hosts. */
export function knownHostsName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}
