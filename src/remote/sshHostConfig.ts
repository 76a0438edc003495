import { join } from 'node:path';
import type SSHConfig from 'ssh-config';

// What ssh(1) would use to reach one host: ssh_config(5) values after Host/Match selection, `%`
// tokens, `~` and defaults. Options this product does not act on are left out.

export interface SshHostConfig {
  /** The name the user typed (a Host alias, or a plain host name). */
  alias: string;
  hostName: string;
  port: number;
  user: string;
  /** Key files to offer, in order (explicit IdentityFile lines, else OpenSSH's default names). */
  identityFiles: string[];
  identitiesOnly: boolean;
  /** The agent's socket, or undefined when there is none or IdentityAgent is "none". */
  identityAgent: string | undefined;
  /** ProxyJump hops, first hop first, each `[user@]host[:port]`. */
  proxyJump: string[];
  proxyCommand: string | undefined;
  serverAliveIntervalMs: number | undefined;
  serverAliveCountMax: number;
  connectTimeoutMs: number | undefined;
  userKnownHostsFiles: string[];
  globalKnownHostsFiles: string[];
  hashKnownHosts: boolean;
  /** "yes" refuses unknown hosts without asking; every other value asks (we never accept silently). */
  strictHostKeyChecking: 'yes' | 'ask';
  /** PreferredAuthentications, when set. */
  preferredAuthentications: string[] | undefined;
}

export interface LocalContext {
  home: string;
  localUser: string;
  env: Readonly<Record<string, string | undefined>>;
  /** Where the agent is looked for when nothing names it (Windows has a named pipe); default this process's. */
  platform?: NodeJS.Platform;
}

/** Windows' OpenSSH agent service listens here; SSH_AUTH_SOCK is usually unset on Windows. */
export const WINDOWS_AGENT_PIPE = '\\\\.\\pipe\\openssh-ssh-agent';

/** A destination as typed: `host`, `user@host`, `host:port` or `user@host:port` (ProxyJump syntax). */
export function parseDestination(spec: string): { user?: string; host: string; port?: number } {
  const at = spec.lastIndexOf('@');
  const user = at >= 0 ? spec.slice(0, at) : undefined;
  let host = at >= 0 ? spec.slice(at + 1) : spec;
  let port: number | undefined;
  const bracketed = /^\[(.+)\]:(\d+)$/.exec(host);
  const plain = /^([^:]+):(\d+)$/.exec(host);
  if (bracketed?.[1] && bracketed[2]) [host, port] = [bracketed[1], Number(bracketed[2])];
  else if (plain?.[1] && plain[2]) [host, port] = [plain[1], Number(plain[2])];
  return { ...(user ? { user } : {}), host, ...(port !== undefined ? { port } : {}) };
}

/**
 * ssh(1)'s check of a host name the user typed (OpenSSH misc.c, valid_hostname): the name reaches
 * `%h` in a ProxyCommand, which a shell runs, so shell syntax, blanks, control characters and a
 * leading dash are refused before any config is read.
 */
export function validHostName(host: string): boolean {
  return host !== '' && !host.startsWith('-') && !/[\s\p{Cc}'`"$\\;&<>|(){},]/u.test(host);
}

/** The same for a user name (misc.c, valid_ruser): it reaches `%r`. */
export function validUserName(user: string): boolean {
  return !user.startsWith('-') && !/[\p{Cc}'`";&<>|(){}]|\s-|\\$/u.test(user);
}

/**
 * The destination typed, checked as ssh(1) checks it before any config is read: whichever way the
 * host's settings are then found, the same names are refused the same way.
 */
export function checkedDestination(spec: string): { user?: string; host: string; port?: number } {
  const dest = parseDestination(spec);
  if (!validHostName(dest.host))
    throw new Error(`${JSON.stringify(dest.host)}: hostname contains invalid characters`);
  if (dest.user !== undefined && !validUserName(dest.user))
    throw new Error(`${JSON.stringify(dest.user)}: remote username contains invalid characters`);
  return dest;
}

/** OpenSSH's defaults that `ssh -G` prints but the config files leave unsaid. */
const FILE_DEFAULTS: Readonly<Record<string, string[]>> = {
  identityfile: ['~/.ssh/id_rsa', '~/.ssh/id_ecdsa', '~/.ssh/id_ed25519'],
  userknownhostsfile: ['~/.ssh/known_hosts', '~/.ssh/known_hosts2'],
  globalknownhostsfile: ['/etc/ssh/ssh_known_hosts', '/etc/ssh/ssh_known_hosts2'],
};

/** The parser's answer: the config's values for the host, completed with OpenSSH's defaults. */
export function resolveHostConfig(config: SSHConfig, spec: string, local: LocalContext): SshHostConfig {
  const dest = checkedDestination(spec);
  const computed = config.compute(
    { Host: dest.host, ...(dest.user ? { User: dest.user } : {}) },
    { ignoreCase: true },
  );
  const values = new Map<string, string[]>();
  for (const [key, v] of Object.entries(computed)) values.set(key, Array.isArray(v) ? v : [v]);
  for (const [key, files] of Object.entries(FILE_DEFAULTS))
    if (!values.get(key)?.length) values.set(key, files);
  const alias = dest.host;
  const one = (key: string): string | undefined => values.get(key)?.[0];
  values.set('hostname', [expandTokens(one('hostname') ?? alias, { h: alias, '%': '%' })]);
  values.set('port', [String(dest.port ?? one('port') ?? 22)]);
  values.set('user', [dest.user ?? one('user') ?? local.localUser]);
  return hostSettings(alias, values, local);
}

/**
 * A host's settings from its ssh_config values (keyword in lower case → every value given, in order),
 * as `ssh -G` prints them or as the parser computes them: HostName, Port and User resolved, file names
 * as written (expanded here as ssh expands them at connect time).
 */
export function hostSettings(
  alias: string,
  values: ReadonlyMap<string, string[]>,
  local: LocalContext,
): SshHostConfig {
  const one = (key: string): string | undefined => values.get(key)?.[0];
  const need = (key: string): string => {
    const v = one(key);
    if (v === undefined) throw new Error(`no ${key} for ${alias} in the ssh config`);
    return v;
  };
  // OpenSSH's flags take yes/true and no/false; ssh -G prints StrictHostKeyChecking yes as "true".
  const yes = (key: string): boolean => ['yes', 'true'].includes(one(key)?.toLowerCase() ?? '');
  const seconds = (key: string): number | undefined => {
    const v = Number(one(key));
    return Number.isFinite(v) && v > 0 ? v * 1000 : undefined;
  };
  const hostName = need('hostname');
  const port = Number(need('port'));
  const user = need('user');
  const path = fileNameExpander({ hostName, port, user, alias }, local);
  // UserKnownHostsFile and GlobalKnownHostsFile take several files a line; IdentityFile one.
  const files = (key: string): string[] => {
    const list = (values.get(key) ?? []).flatMap((v) => v.split(/\s+/)).filter((f) => f !== '');
    return list[0]?.toLowerCase() === 'none' ? [] : list.map(path);
  };
  const proxyJump = one('proxyjump');
  const proxyCommand = one('proxycommand');
  const preferred = one('preferredauthentications');
  return {
    alias,
    hostName,
    port,
    user,
    identityFiles: (values.get('identityfile') ?? []).map(path),
    identitiesOnly: yes('identitiesonly'),
    identityAgent: resolveAgent(one('identityagent'), local, path),
    proxyJump: !proxyJump || proxyJump.toLowerCase() === 'none' ? [] : proxyJump.split(','),
    proxyCommand: !proxyCommand || proxyCommand.toLowerCase() === 'none' ? undefined : proxyCommand,
    serverAliveIntervalMs: seconds('serveraliveinterval'),
    serverAliveCountMax: Number(one('serveralivecountmax') ?? 3),
    connectTimeoutMs: seconds('connecttimeout'),
    userKnownHostsFiles: files('userknownhostsfile'),
    globalKnownHostsFiles: files('globalknownhostsfile'),
    hashKnownHosts: yes('hashknownhosts'),
    strictHostKeyChecking: yes('stricthostkeychecking') ? 'yes' : 'ask',
    preferredAuthentications: preferred ? preferred.split(',') : undefined,
  };
}

export function resolveAgent(
  setting: string | undefined,
  local: LocalContext,
  path: (p: string) => string,
): string | undefined {
  if (setting === undefined || setting === 'SSH_AUTH_SOCK')
    return (
      local.env.SSH_AUTH_SOCK ||
      ((local.platform ?? process.platform) === 'win32' ? WINDOWS_AGENT_PIPE : undefined)
    );
  if (setting.toLowerCase() === 'none') return undefined;
  const variable = /^\$\{?(\w+)\}?$/.exec(setting);
  if (variable?.[1]) return local.env[variable[1]] || undefined;
  return path(setting);
}

/**
 * How ssh(1) expands a file name of a host's settings (IdentityFile, IdentityAgent, known-hosts files):
 * its `%` tokens for this connection, then `~` and `${VAR}`.
 */
export function fileNameExpander(
  host: { hostName: string; port: number; user: string; alias: string },
  local: LocalContext,
): (path: string) => string {
  const tokens = {
    h: host.hostName,
    p: String(host.port),
    r: host.user,
    u: local.localUser,
    d: local.home,
    n: host.alias,
    '%': '%',
  };
  return (p) => expandPath(expandTokens(p, tokens), local);
}

export function expandTokens(text: string, tokens: Record<string, string>): string {
  return text.replace(/%(.)/g, (whole, c: string) => tokens[c] ?? whole);
}

/** `~` and `${VAR}` as ssh(1) expands them in file names. */
export function expandPath(text: string, local: LocalContext): string {
  const withEnv = text.replace(/\$\{(\w+)\}/g, (_, name: string) => local.env[name] ?? '');
  if (withEnv === '~') return local.home;
  return withEnv.startsWith('~/') ? join(local.home, withEnv.slice(2)) : withEnv;
}
