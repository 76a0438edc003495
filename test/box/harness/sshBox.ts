import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import type { ReconnectPolicy } from '../../../src/remote/sshConnection';
import { SshConnectionPool } from '../../../src/remote/sshConnectionPool';
import type {
  HostKeyQuestion,
  PassphraseQuestion,
  SecretQuestion,
  SshPrompts,
} from '../../../src/remote/sshPrompts';
import type { Sshd } from './sshd';

/** Prompts answered by the test, each question kept for assertions. */
export class ScriptedPrompts implements SshPrompts {
  readonly hostKeyQuestions: HostKeyQuestion[] = [];
  readonly passphraseQuestions: PassphraseQuestion[] = [];
  readonly secretQuestions: SecretQuestion[] = [];
  passphraseAccepted?: (keyPath: string, passphrase: string) => void;

  constructor(
    private readonly answers: { hostKey?: boolean; passphrases?: string[]; secrets?: string[] } = {},
  ) {}

  async confirmHostKey(q: HostKeyQuestion): Promise<boolean> {
    this.hostKeyQuestions.push(q);
    return this.answers.hostKey ?? false;
  }

  async passphrase(q: PassphraseQuestion): Promise<string | undefined> {
    this.passphraseQuestions.push(q);
    return this.answers.passphrases?.[q.attempt - 1];
  }

  async secret(q: SecretQuestion): Promise<string | undefined> {
    this.secretQuestions.push(q);
    return this.answers.secrets?.[this.secretQuestions.length - 1];
  }
}

export interface ClientHome {
  /** Stands in for the local user's home: holds .ssh/config and .ssh/known_hosts. */
  home: string;
  configPath: string;
  knownHostsPath: string;
  remove(): Promise<void>;
}

export interface HostEntry {
  sshd: Sshd;
  /** Lines for this Host block; they come first, so they win over the defaults below (first value wins). */
  lines?: string[];
  /** Whether to name the harness's user key as the only IdentityFile (default true). */
  userKey?: boolean;
}

/**
 * A client-side home with an ssh config naming the given servers as Host aliases, each pointing at its
 * sshd with the harness's user key and this home's known_hosts.
 */
export async function clientHome(
  hosts: Record<string, HostEntry>,
  options: { trust?: Sshd[] } = {},
): Promise<ClientHome> {
  const home = await mkdtemp(join(tmpdir(), 'rs-home-'));
  const knownHostsPath = join(home, '.ssh', 'known_hosts');
  const configPath = join(home, '.ssh', 'config');
  const config = Object.entries(hosts).flatMap(([alias, { sshd, lines, userKey }]) => [
    `Host ${alias}`,
    ...(lines ?? []).map((l) => `  ${l}`),
    `  HostName ${sshd.host}`,
    `  Port ${sshd.port}`,
    `  User ${sshd.user}`,
    ...(userKey === false ? [] : [`  IdentityFile ${sshd.userKeyPath}`, '  IdentitiesOnly yes']),
    `  UserKnownHostsFile ${knownHostsPath}`,
    '  GlobalKnownHostsFile none',
    '',
  ]);
  await mkdir(join(home, '.ssh'), { mode: 0o700 });
  await writeFile(configPath, config.join('\n'));
  await writeFile(knownHostsPath, (options.trust ?? []).map((s) => `${s.knownHostsLine()}\n`).join(''));
  return { home, configPath, knownHostsPath, remove: () => rm(home, { recursive: true, force: true }) };
}

/** A pool reading only the client home's config, as the extension would read ~/.ssh/config. */
export function poolFor(
  client: ClientHome,
  prompts: SshPrompts,
  options: { agentSocket?: string; reconnect?: ReconnectPolicy } = {},
): SshConnectionPool {
  return new SshConnectionPool({
    prompts,
    configFile: () => client.configPath,
    local: { home: client.home, localUser: userInfo().username, env: { SSH_AUTH_SOCK: options.agentSocket } },
    ...(options.reconnect ? { reconnect: options.reconnect } : {}),
  });
}
