import { userInfo } from 'node:os';
import { join } from 'node:path';
import { openSshHostConfig } from './openSshHostConfig';
import { defaultConfigFiles, loadSshConfig } from './sshConfigFile';
import { resolveHostConfig, type LocalContext, type SshHostConfig } from './sshHostConfig';

/** The settings ssh(1) would use for a box (a Host alias or `[user@]host[:port]`). */
export type HostResolver = (spec: string) => Promise<SshHostConfig>;

/**
 * Asks the installed OpenSSH client (`ssh -G`) so Match blocks and `%` tokens resolve as ssh resolves
 * them; without one (or when HOME is not the account's home), reads the config files here. `configFile` is ssh's `-F` (Remote-SSH's
 * `remote.SSH.configFile`, the doctor's --ssh-config); relative Includes in it start at ~/.ssh, as
 * for any user config. Files are read once per resolver: one per connection attempt.
 */
export function hostResolver(configFile: string | undefined, local: LocalContext, ssh = 'ssh'): HostResolver {
  let parsed: ReturnType<typeof loadSshConfig> | undefined;
  // ssh(1) finds ~/.ssh/config through the account's passwd entry, not $HOME: with HOME pointing
  // elsewhere it would read another file than the one offered in Connect to Box.
  const sameUserConfig = configFile !== undefined || userInfo().homedir === local.home;
  return async (spec) => {
    const fromOpenSsh = sameUserConfig ? await openSshHostConfig(spec, configFile, local, ssh) : undefined;
    if (fromOpenSsh) return fromOpenSsh;
    parsed ??= loadSshConfig(
      configFile !== undefined
        ? [{ path: configFile, includeBase: join(local.home, '.ssh') }]
        : defaultConfigFiles(local.home),
      local.home,
    );
    return resolveHostConfig(await parsed, spec, local);
  };
}
