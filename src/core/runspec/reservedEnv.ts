// launch.sh runs the spec's environment inside its own shell (`export NAME=value`), so a name the
// script uses itself, or one that changes how bash reads the script, would let a spec steer the
// script: RS_HEAD_PID made it SIGTERM a process it never started, ROLLOUT_STUDIO_RUN_ID pointed Stop
// at another run, IFS broke head mode's port setup. Such names are refused wherever a spec is read.

/** Variables that change how programs are found or loaded; a spec sets them only when it says so. */
export const GUARDED_ENV = ['PATH', 'LD_PRELOAD'] as const;
export type GuardedEnvName = (typeof GUARDED_ENV)[number];

// The launch script's own variables (RS_*, rs_*, ROLLOUT_STUDIO_*) and bash's (BASH_*).
const RESERVED_PREFIX = /^(?:RS_|rs_|ROLLOUT_STUDIO_|BASH_)/;
// Variables that change how bash splits words, finds directories, expands patterns or starts
// subshells, and bash's read-only ones.
const SHELL_NAMES = new Set([
  'IFS',
  'ENV',
  'CDPATH',
  'GLOBIGNORE',
  'SHELLOPTS',
  'BASHOPTS',
  'POSIXLY_CORRECT',
  'PS4',
  'BASH',
  'BASHPID',
  'PPID',
  'UID',
  'EUID',
  'OPTIND',
]);

/**
 * Why a spec may not set this environment variable, or undefined when it may. `allowed` lists the
 * guarded names the spec explicitly allows (its `allowEnv`).
 */
export function reservedEnvProblem(name: string, allowed: readonly string[] = []): string | undefined {
  if (RESERVED_PREFIX.test(name))
    return `${name} is reserved: RS_*, ROLLOUT_STUDIO_* and BASH_* variables belong to the launch script and bash.`;
  if (SHELL_NAMES.has(name)) return `${name} is reserved: it changes how the launch script's shell works.`;
  if ((GUARDED_ENV as readonly string[]).includes(name) && !allowed.includes(name))
    return `${name} changes which programs the launch script runs; add "${name}" to allowEnv to set it anyway.`;
  return undefined;
}
