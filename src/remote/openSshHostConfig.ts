import { execFile } from 'node:child_process';
import { checkedDestination, hostSettings, type LocalContext, type SshHostConfig } from './sshHostConfig';

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
  const dest = checkedDestination(spec);
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
  return hostSettings(alias, values, local);
}
