import { stat } from 'node:fs/promises';
import {
  OpenSSHAgent,
  type AnyAuthMethod,
  type AuthHandlerMiddleware,
  type IdentityCallback,
  type ParsedKey,
} from 'ssh2';
import { identityPublicKey, loadIdentityKey } from './identityKey';
import type { SshPrompts } from './sshPrompts';

export interface AuthSettings {
  user: string;
  host: string;
  agentSocket: string | undefined;
  identityFiles: readonly string[];
  identitiesOnly: boolean;
  /** PreferredAuthentications; undefined keeps OpenSSH's publickey, keyboard-interactive, password. */
  preferredAuthentications: readonly string[] | undefined;
}

// The methods the product offers, in ssh(1)'s default order.
const ORDER = ['publickey', 'keyboard-interactive', 'password'];
const PASSWORD_ATTEMPTS = 3;

/**
 * Offers credentials in OpenSSH's order: the agent's keys, then each IdentityFile (asking for
 * passphrases), then keyboard-interactive and password answered through the prompts. Records what it
 * offered so failures and the doctor can say so.
 */
export class AuthSequence {
  /** Every credential offered so far, e.g. "agent", "publickey /home/u/.ssh/id_ed25519". */
  readonly tried: string[] = [];
  private readonly attempts: AsyncGenerator<AnyAuthMethod, void, readonly string[] | null>;

  constructor(
    private readonly settings: AuthSettings,
    private readonly prompts: SshPrompts,
  ) {
    this.attempts = this.generate();
  }

  /** The credential that was being tried when the server said yes (the last one offered). */
  get method(): string | undefined {
    return this.tried.at(-1);
  }

  readonly handler: AuthHandlerMiddleware = (methodsLeft, _partialSuccess, next) => {
    // ssh2 passes null before the first attempt: nothing is known about the server yet.
    this.attempts.next((methodsLeft as string[] | null) ?? null).then(
      (step) => next(step.done ? (false as never) : step.value),
      () => next(false as never),
    );
  };

  private async *generate(): AsyncGenerator<AnyAuthMethod, void, readonly string[] | null> {
    const username = this.settings.user;
    // "none" first, as ssh(1) does: it learns which methods the server takes before asking a person
    // for anything, and succeeds outright on servers that need no authentication.
    this.tried.push('none');
    let allowed = yield { type: 'none', username };
    const order = (this.settings.preferredAuthentications ?? ORDER).filter((m) => ORDER.includes(m));
    const can = (method: string): boolean => allowed === null || allowed.includes(method);

    for (const method of order) {
      if (method === 'publickey') {
        const agent = await this.agent();
        if (agent && can('publickey')) {
          this.tried.push('agent');
          allowed = yield { type: 'agent', username, agent };
        }
        for (const file of this.settings.identityFiles) {
          if (!can('publickey')) break;
          const key = await loadIdentityKey(file, this.prompts);
          if (!key) continue;
          this.tried.push(`publickey ${file}`);
          allowed = yield { type: 'publickey', username, key };
        }
      } else if (method === 'keyboard-interactive' && can(method)) {
        this.tried.push(method);
        allowed = yield { type: 'keyboard-interactive', username, prompt: this.keyboardInteractive };
      } else if (method === 'password') {
        for (let attempt = 1; attempt <= PASSWORD_ATTEMPTS && can(method); attempt++) {
          const password = await this.prompts.secret({
            user: username,
            host: this.settings.host,
            prompt: `${username}@${this.settings.host}'s password: `,
            echo: false,
            instructions: '',
          });
          if (password === undefined) break;
          this.tried.push(method);
          allowed = yield { type: 'password', username, password };
        }
      }
    }
  }

  private readonly keyboardInteractive = (
    _name: string,
    instructions: string,
    _lang: string,
    questions: { prompt: string; echo?: boolean }[],
    finish: (answers: string[]) => void,
  ): void => {
    void (async () => {
      const answers: string[] = [];
      for (const q of questions) {
        const answer = await this.prompts.secret({
          user: this.settings.user,
          host: this.settings.host,
          prompt: q.prompt,
          echo: q.echo === true,
          instructions,
        });
        // Giving up answers nothing; the server then fails this round and we move on.
        if (answer === undefined) return finish([]);
        answers.push(answer);
      }
      finish(answers);
    })().catch(() => finish([]));
  };

  /** The agent to ask, or undefined when there is no agent socket. */
  private async agent(): Promise<OpenSSHAgent | undefined> {
    const socket = this.settings.agentSocket;
    if (!socket || !(await agentListening(socket))) return undefined;
    if (!this.settings.identitiesOnly) return new OpenSSHAgent(socket);
    // IdentitiesOnly: ssh(1) still uses the agent, but only for keys named by IdentityFile.
    const allowed = (await Promise.all(this.settings.identityFiles.map(identityPublicKey))).filter(
      (k): k is Buffer => k !== undefined,
    );
    return new IdentityFilteredAgent(socket, allowed);
  }
}

// A Windows named pipe (`\\.\pipe\openssh-ssh-agent`, either slash): stat() cannot tell that one
// listens, so the agent is asked and a missing pipe fails that one attempt, as ssh(1) does there.
const WINDOWS_PIPE = /^[/\\][/\\]\.[/\\]pipe[/\\]./;

async function agentListening(socket: string): Promise<boolean> {
  if (WINDOWS_PIPE.test(socket)) return true;
  return stat(socket).then(
    (s) => s.isSocket(),
    () => false,
  );
}

class IdentityFilteredAgent extends OpenSSHAgent {
  constructor(
    socket: string,
    private readonly allowed: readonly Buffer[],
  ) {
    super(socket);
  }

  override getIdentities(cb: IdentityCallback<ParsedKey>): void {
    super.getIdentities((err, keys) =>
      cb(
        err,
        keys?.filter((k) => 'getPublicSSH' in k && this.allowed.some((a) => a.equals(k.getPublicSSH()))),
      ),
    );
  }
}
