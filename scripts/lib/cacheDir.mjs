// The one cache folder for everything the tools install outside the project (code-server, Node 24, the
// Python test environment). ROLLOUT_STUDIO_CACHE overrides it, e.g. a fresh empty folder in CI.
import { homedir } from 'node:os';
import { join } from 'node:path';

export function cacheRoot(env = process.env) {
  if (env.ROLLOUT_STUDIO_CACHE) return env.ROLLOUT_STUDIO_CACHE;
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'rollout-studio');
}

/** The environment of an outer `npm start`/`npm test` without npm's own variables, for nested installs. */
export function cleanInstallEnv(env = process.env) {
  const clean = {};
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined || /^npm_/i.test(k) || k === 'NODE' || k === 'INIT_CWD') continue;
    clean[k] = v;
  }
  // npm run puts the project's node_modules/.bin and its own node-gyp shim first on PATH.
  if (clean.PATH)
    clean.PATH = clean.PATH.split(':')
      .filter((p) => !/node_modules[\\/]\.bin$|node-gyp-bin$/.test(p))
      .join(':');
  return clean;
}
