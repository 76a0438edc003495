import type { ClientChannel } from 'ssh2';
import { commandForLoginShell } from './loginShell';
import { quoteArgv } from './quoteArgv';
import type { SshConnection } from './sshConnection';
import { CommandTimeoutError, ConnectionLostError } from './sshErrors';
import type { ExecOptions, ExecResult } from './target';

// After an abort, how long the command gets to stop before the promise resolves regardless.
const ABORT_GRACE_MS = 2000;

// Runs "$@" so that EOF on stdin stops it: the client ends stdin to abort, and a dropped connection
// closes it too, so an abortable command (a follower's `tail -f`) never outlives its channel. SSH
// signal requests cannot do this: OpenSSH refuses them for root logins and older servers lack them.
// The command gets its own process group (setsid) so the whole group is stopped; a command killed by a
// signal makes the shell die of the same signal, so the exit reads as it does locally. An asynchronous
// list's stdin is /dev/null in sh, so the watcher reads the channel through fd 3.
const ABORTABLE = [
  'exec 3<&0',
  'setsid "$@" </dev/null 3<&- & pid=$!',
  '(while read -r _; do :; done; kill -TERM -$pid) <&3 >/dev/null 2>&1 & watcher=$!',
  'wait $pid; status=$?',
  'kill $watcher 2>/dev/null',
  'if [ $status -gt 128 ]; then kill -$((status - 128)) $$; fi',
  'exit $status',
].join('\n');

/** Runs argv on the box over one SSH channel of the shared connection: Target.exec for SshTarget. */
export function execOverSsh(
  connection: SshConnection,
  label: string,
  argv: readonly string[],
  options: ExecOptions,
): Promise<ExecResult> {
  const name = argv[0];
  // An empty command line would start the login shell itself; LocalTarget refuses the same way.
  if (name === undefined) return Promise.reject(new Error('exec needs a program to run'));
  // With a bound, the box enforces it too: `timeout` kills the command's whole process group even
  // when the connection is gone, where an SSH signal request would reach only the login shell.
  if (options.signal && options.stdin !== undefined) {
    return Promise.reject(new Error('exec over SSH cannot combine stdin with an abort signal'));
  }
  const program = options.signal ? ['sh', '-c', ABORTABLE, 'sh', ...argv] : argv;
  const command = quoteArgv(
    options.timeoutMs === undefined
      ? program
      : ['timeout', '-s', 'KILL', String(options.timeoutMs / 1000), ...program],
  );
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];

  return new Promise((resolve, reject) => {
    let channel: ClientChannel | undefined;
    let exit: Pick<ExecResult, 'code' | 'signal'> | undefined;
    let aborted = false;
    let settled = false;
    const timers: NodeJS.Timeout[] = [];
    const settle = (error: Error | undefined): void => {
      if (settled) return;
      settled = true;
      timers.forEach(clearTimeout);
      options.signal?.removeEventListener('abort', abort);
      if (error) reject(error);
      // An aborted command resolves with what it had, as LocalTarget's does.
      else
        resolve({
          ...(exit ?? { code: null, signal: null }),
          stdout: Buffer.concat(stdout),
          stderr: Buffer.concat(stderr),
        });
    };
    function abort(): void {
      aborted = true;
      if (!channel) return settle(undefined);
      channel.end();
      timers.push(
        setTimeout(() => {
          channel?.close();
          settle(undefined);
        }, ABORT_GRACE_MS),
      );
    }

    // The bound covers waiting for a reconnect too, so no exec outlives its timeout.
    if (options.timeoutMs !== undefined) {
      const ms = options.timeoutMs;
      timers.push(
        setTimeout(() => {
          channel?.close();
          settle(new CommandTimeoutError(name, ms));
        }, ms),
      );
    }
    if (options.signal?.aborted) return settle(undefined);
    options.signal?.addEventListener('abort', abort, { once: true });

    connection.session().then((session) => {
      if (settled) return;
      session.client.exec(commandForLoginShell(command, session.loginShell), (err, ch) => {
        if (err) return settle(new ConnectionLostError(label, `starting ${name}: ${err.message}`));
        if (settled) return ch.close();
        channel = ch;
        ch.on('data', (c: Buffer) => (options.onStdout ? options.onStdout(c) : stdout.push(c)));
        ch.stderr.on('data', (c: Buffer) => (options.onStderr ? options.onStderr(c) : stderr.push(c)));
        ch.on('exit', (code: number | null, signal?: string) => {
          // The SSH protocol names signals without the SIG prefix; LocalTarget (Node) uses it.
          if (code !== null || !signal) exit = { code, signal: null };
          else exit = { code: null, signal: signal.startsWith('SIG') ? signal : `SIG${signal}` };
        });
        ch.on('close', () => settle(exit || aborted ? undefined : new ConnectionLostError(label, name)));
        // An abortable command keeps stdin open until the abort: its EOF is the stop request.
        if (!options.signal) ch.end(options.stdin ?? '');
      });
    }, settle);
  });
}
