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

export function resolveHostConfig(config: SSHConfig, spec: string, local: LocalContext): SshHostConfig {
  const dest = parseDestination(spec);
  if (!validHostName(dest.host))
    throw new Error(`${JSON.stringify(dest.host)}: hostname contains invalid characters`);
  if (dest.user !== undefined && !validUserName(dest.user))
    throw new Error(`${JSON.stringify(dest.user)}: remote username contains invalid characters`);
  const values = config.compute(
    { Host: dest.host, ...(dest.user ? { User: dest.user } : {}) },
    { ignoreCase: true },
  );
  const one = (key: string): string | undefined => {
    const v = values[key];
    return Array.isArray(v) ? v[0] : v;
  };
  const many = (key: string): string[] | undefined => {
    const v = values[key];
    if (v === undefined) return undefined;
    return (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(/\s+/)).filter((s) => s !== '');
  };

  const alias = dest.host;
  const hostName = expandTokens(one('hostname') ?? alias, { h: alias, '%': '%' });
  const port = dest.port ?? Number(one('port') ?? 22);
  const user = dest.user ?? one('user') ?? local.localUser;
  const path = fileNameExpander({ hostName, port, user, alias }, local);

  const identityFiles = (many('identityfile') ?? []).map(path);
  const agentSetting = one('identityagent');
  const proxyJump = one('proxyjump');
  const proxyCommand = one('proxycommand');
  const seconds = (key: string): number | undefined => {
    const v = one(key);
    return v === undefined || Number(v) <= 0 ? undefined : Number(v) * 1000;
  };
  const knownHosts = (key: string, fallback: string[]): string[] => {
    const files = many(key);
    if (files?.[0]?.toLowerCase() === 'none') return [];
    return (files ?? fallback).map(path);
  };
  const preferred = one('preferredauthentications');

  return {
    alias,
    hostName,
    port,
    user,
    identityFiles: identityFiles.length
      ? identityFiles
      : ['id_rsa', 'id_ecdsa', 'id_ed25519'].map((n) => join(local.home, '.ssh', n)),
    identitiesOnly: one('identitiesonly')?.toLowerCase() === 'yes',
    identityAgent: resolveAgent(agentSetting, local, path),
    proxyJump: !proxyJump || proxyJump.toLowerCase() === 'none' ? [] : proxyJump.split(','),
    proxyCommand: !proxyCommand || proxyCommand.toLowerCase() === 'none' ? undefined : proxyCommand,
    serverAliveIntervalMs: seconds('serveraliveinterval'),
    serverAliveCountMax: Number(one('serveralivecountmax') ?? 3),
    connectTimeoutMs: seconds('connecttimeout'),
    userKnownHostsFiles: knownHosts('userknownhostsfile', ['~/.ssh/known_hosts', '~/.ssh/known_hosts2']),
    globalKnownHostsFiles: knownHosts('globalknownhostsfile', [
      '/etc/ssh/ssh_known_hosts',
      '/etc/ssh/ssh_known_hosts2',
    ]),
    hashKnownHosts: one('hashknownhosts')?.toLowerCase() === 'yes',
    strictHostKeyChecking: one('stricthostkeychecking')?.toLowerCase() === 'yes' ? 'yes' : 'ask',
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
