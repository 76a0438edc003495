import type { Client } from 'ssh2';

// sshd runs every exec request as `<login shell> -c <command>`, and every command this product sends
// is quoted for sh (quoteArgv). fish reads single quotes differently (`\\` and `\'` are escapes inside
// them), so a value with a backslash would arrive changed; csh and tcsh differ more (a newline inside
// quotes is an error). The login shell is found once per connection: fish gets each command wrapped
// as `sh -c <command quoted for fish>`; a shell this product cannot quote for is refused at connect.

export interface LoginShell {
  /** $SHELL as sshd set it for the session: the account's login shell. */
  path: string;
  kind: 'posix' | 'fish';
}

/** A login shell whose quoting is neither sh's nor fish's: commands cannot be sent to it safely. */
export class UnsupportedLoginShellError extends Error {
  override readonly name = 'UnsupportedLoginShellError';
  constructor(
    readonly box: string,
    readonly shell: string,
  ) {
    super(
      `The login shell on ${box} is ${shell || '(unknown)'}, which quotes text differently from sh, so commands ` +
        'cannot be passed to it safely. Make a POSIX shell the login shell of this account (for example ' +
        '`chsh -s /bin/bash`), or connect as an account that has one.',
    );
  }
}

// Valid in sh, fish and csh alike: $SHELL, then the two backslashes of a single-quoted word as the
// shell reads them (sh and csh keep both, fish makes them one).
const PROBE = `printf '%s|%s' "$SHELL" 'a\\\\b'`;

/** What the probe's output says about the login shell. */
export function classifyLoginShell(output: string, box: string): LoginShell {
  const bar = output.lastIndexOf('|');
  // No answer at all says nothing about quoting: the commands that follow will fail on their own.
  if (bar < 0) return { path: '', kind: 'posix' };
  const path = output.slice(0, bar);
  const quoted = output.slice(bar + 1);
  const name = path.slice(path.lastIndexOf('/') + 1);
  if (quoted === 'a\\b' || name === 'fish') return { path, kind: 'fish' };
  if (quoted !== 'a\\\\b' || name === 'csh' || name === 'tcsh')
    throw new UnsupportedLoginShellError(box, path);
  return { path, kind: 'posix' };
}

/** The command line to send for an sh command line, given the login shell that will read it. */
export function commandForLoginShell(command: string, shell: LoginShell): string {
  if (shell.kind === 'posix') return command;
  // Inside fish's single quotes only \ and ' are special; each is escaped with a backslash.
  return `sh -c '${command.replace(/[\\']/g, (c) => `\\${c}`)}'`;
}

/**
 * Asks the box which login shell runs its commands (one exec on the new connection). A box that
 * refuses the channel or does not answer in time is taken as POSIX: the connection stays usable,
 * and its commands fail, or not, on their own. A connection that closes meanwhile is an error, so
 * the caller connects again instead of keeping a dead session.
 */
export function probeLoginShell(client: Client, box: string, timeoutMs: number): Promise<LoginShell> {
  const unknown: LoginShell = { path: '', kind: 'posix' };
  return new Promise((resolve, reject) => {
    const done = (settle: () => void): void => {
      clearTimeout(timer);
      client.off('close', onClose);
      settle();
    };
    const onClose = (): void =>
      done(() => reject(new Error(`The connection to ${box} closed while it was set up`)));
    const timer = setTimeout(() => done(() => resolve(unknown)), timeoutMs);
    client.once('close', onClose);
    client.exec(PROBE, (err, channel) => {
      if (err) return done(() => resolve(unknown));
      const out: Buffer[] = [];
      channel.on('data', (c: Buffer) => out.push(c));
      channel.stderr.resume();
      channel.on('close', () =>
        done(() => {
          try {
            resolve(classifyLoginShell(Buffer.concat(out).toString('utf8'), box));
          } catch (e) {
            reject(e as Error);
          }
        }),
      );
      channel.end();
    });
  });
}
