import { spawn } from 'node:child_process';
import { Duplex } from 'node:stream';
import { quoteArgv } from './quoteArgv';

export interface ProxyCommandSocket {
  /** The command's stdout and stdin as one stream, for ssh2 to speak SSH over. */
  sock: Duplex;
  /** The last of what the command wrote to stderr, to explain a connection that closed at once. */
  stderrTail(): string;
}

/**
 * Starts an ssh_config ProxyCommand the way ssh(1) does (`exec` under /bin/sh, with %h, %p, %r and
 * %% expanded) and connects to the box through its stdin and stdout. The command is the user's own,
 * from their config; the host and user names in it are validated where they are typed
 * (sshHostConfig.ts) and quoted here as shell words as well, so no name is ever shell syntax.
 */
export function spawnProxyCommand(
  command: string,
  tokens: { host: string; port: number; user: string },
): ProxyCommandSocket {
  const expanded = command.replace(/%(.)/g, (whole, c: string) =>
    c === 'h'
      ? quoteArgv([tokens.host])
      : c === 'p'
        ? String(tokens.port)
        : c === 'r'
          ? quoteArgv([tokens.user])
          : c === '%'
            ? '%'
            : whole,
  );
  const child = spawn('/bin/sh', ['-c', `exec ${expanded}`], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-2000)));
  child.stdin.on('error', () => {});
  const sock = new Duplex({
    read: () => child.stdout.resume(),
    // A write to a command that already exited fails with EPIPE; its exit, with its stderr, is the
    // better explanation, and it arrives as the end of this stream.
    write: (chunk: Buffer, _encoding, callback) => child.stdin.write(chunk, () => callback()),
    final: (callback) => child.stdin.end(callback),
    destroy: (error, callback) => {
      child.kill();
      callback(error);
    },
  });
  child.stdout.on('data', (c: Buffer) => {
    if (!sock.push(c)) child.stdout.pause();
  });
  // 'close' comes after stdout and stderr are drained, so stderrTail() is complete when the stream ends.
  child.once('close', () => {
    sock.push(null);
    sock.destroy();
  });
  child.once('error', () => sock.destroy());
  return { sock, stderrTail: () => stderr.trim() };
}
