export function cacheRoot(env?: Record<string, string | undefined>): string;
export function cleanInstallEnv(env?: Record<string, string | undefined>): Record<string, string>;
