// What `npm start` and `npm test` need on a fresh clone before anything else runs: the npm
// dependencies and a few Debian packages. Uses only Node built-ins, since node_modules may be empty.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export function ensureNpmDependencies(root) {
  const marker = join(root, 'node_modules', '.package-lock.json');
  const lock = join(root, 'package-lock.json');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  console.log('installing npm dependencies (npm ci)…');
  execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
}

const DEBIAN = {
  sshd: { path: '/usr/sbin/sshd', pkg: 'openssh-server' },
  chromium: { path: '/usr/bin/chromium', pkg: 'chromium' },
  fish: { path: '/usr/bin/fish', pkg: 'fish' },
};

/** Installs the Debian packages behind the named programs when they are missing. */
export function ensureDebianPrograms(names) {
  const missing = names.map((n) => DEBIAN[n]).filter((d) => !existsSync(d.path));
  if (missing.length === 0) return;
  const pkgs = missing.map((d) => d.pkg);
  const root = process.getuid?.() === 0;
  const sudo = root ? [] : ['sudo', '-n'];
  console.log(`installing Debian packages: ${pkgs.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const apt = (args) =>
    spawnSync(sudo[0] ?? 'apt-get', [...sudo.slice(1), ...(root ? [] : ['apt-get']), ...args], {
      stdio: 'inherit',
      env,
    });
  if (apt(['update', '-qq']).status !== 0 || apt(['install', '-y', '-qq', ...pkgs]).status !== 0) {
    throw new Error(
      `could not install ${pkgs.join(' ')}; install them with: sudo apt-get install -y ${pkgs.join(' ')}`,
    );
  }
}

export function packageVersion(root) {
  return JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
}
