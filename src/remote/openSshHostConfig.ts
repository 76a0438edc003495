import { execFile } from 'node:child_process';
import {
  fileNameExpander,
  parseDestination,
  resolveAgent,
  validHostName,
  validUserName,
  type LocalContext,
  type SshHostConfig,
} from './sshHostConfig';

// ssh(1) itself answers which settings apply to a host (`ssh -G`): Match blocks (user, exec,
// localuser, …), `%` tokens and every rule of ssh_config(5) then resolve exactly as OpenSSH resolves
// them. The command line holds the host, user, port and config file, never a secret.

const TIMEOUT_MS = 10_000;

/**
 * What `ssh -G` says for the box, or undefined when no OpenSSH client is installed (the caller then
 * reads the config itself). `configFile` is ssh's `-F`: it replaces the user's and the system's config.
 */
export async function openSshHostConfig(
  spec: string,
  configFile: string | undefined,
  local: LocalContext,
  ssh = 'ssh',
): Promise<SshHostConfig | undefined> {
  const dest = parseDestination(spec);
  if (!validHostName(dest.host))
    throw new Error(`${JSON.stringify(dest.host)}: hostname contains invalid characters`);
  if (dest.user !== undefined && !validUserName(dest.user))
    throw new Error(`${JSON.stringify(dest.user)}: remote username contains invalid characters`);
  const argv = [
    '-G',
    ...(configFile !== undefined ? ['-F', configFile] : []),
    ...(dest.user !== undefined ? ['-l', dest.user] : []),
    ...(dest.port !== undefined ? ['-p', String(dest.port)] : []),
    // The host is an operand, never an option, whatever it starts with.
    '--',
    dest.host,
  ];
  const output = await new Promise<string | undefined>((resolve, reject) => {
    execFile(ssh, argv, { timeout: TIMEOUT_MS, windowsHide: true }, (error, stdout, stderr) => {
      if ((error as NodeJS.ErrnoException | null)?.code === 'ENOENT') return resolve(undefined);
      if (error) {
        const said = stderr.trim().split('\n').join('; ') || error.message;
        return reject(new Error(`ssh -G ${dest.host} refused the config: ${said}`));
      }
      resolve(stdout);
    }).stdin?.end();
  });
  return output === undefined ? undefined : parseSshG(output, dest.host, local);
}

/** ssh -G's `keyword value` lines (keywords in lower case; IdentityFile once per file) as SshHostConfig. */
export function parseSshG(output: string, alias: string, local: LocalContext): SshHostConfig {
  const values = new Map<string, string[]>();
  for (const line of output.split('\n')) {
    const space = line.indexOf(' ');
    if (space <= 0) continue;
    const key = line.slice(0, space).toLowerCase();
    values.set(key, [...(values.get(key) ?? []), line.slice(space + 1).trim()]);
  }
  const one = (key: string): string | undefined => values.get(key)?.[0];
  const need = (key: string): string => {
    const v = one(key);
    if (v === undefined) throw new Error(`ssh -G ${alias} printed no ${key}`);
    return v;
  };
  const hostName = need('hostname');
  const port = Number(need('port'));
  const user = need('user');
  // ssh -G expands tokens in HostName and the known-hosts files, but prints IdentityFile and
  // IdentityAgent as written: they get ssh's own expansion at connect time, done here the same way.
  const path = fileNameExpander({ hostName, port, user, alias }, local);
  const files = (key: string): string[] => {
    const list = (one(key) ?? '').split(/\s+/).filter((f) => f !== '');
    return list[0]?.toLowerCase() === 'none' ? [] : list.map(path);
  };
  const seconds = (key: string): number | undefined => {
    const v = Number(one(key));
    return Number.isFinite(v) && v > 0 ? v * 1000 : undefined;
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
    identitiesOnly: one('identitiesonly') === 'yes',
    identityAgent: resolveAgent(one('identityagent'), local, path),
    proxyJump: !proxyJump || proxyJump.toLowerCase() === 'none' ? [] : proxyJump.split(','),
    proxyCommand: !proxyCommand || proxyCommand.toLowerCase() === 'none' ? undefined : proxyCommand,
    serverAliveIntervalMs: seconds('serveraliveinterval'),
    serverAliveCountMax: Number(one('serveralivecountmax') ?? 3),
    connectTimeoutMs: seconds('connecttimeout'),
    userKnownHostsFiles: files('userknownhostsfile'),
    globalKnownHostsFiles: files('globalknownhostsfile'),
    hashKnownHosts: one('hashknownhosts') === 'yes',
    // ssh -G prints StrictHostKeyChecking yes as "true".
    strictHostKeyChecking: one('stricthostkeychecking') === 'true' ? 'yes' : 'ask',
    preferredAuthentications: preferred ? preferred.split(',') : undefined,
  };
}
