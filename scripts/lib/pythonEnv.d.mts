export const requirementsFile: string;
export const sglangReleasesFile: string;
export function pythonEnvDir(env?: Record<string, string | undefined>): string;
export function sglangReleases(): Map<string, string>;
export function sglangReleaseDir(version: string, env?: Record<string, string | undefined>): string;
export function ensurePythonEnv(opts?: { base?: string; log?: (message: string) => void }): string;
