export const requirementsFile: string;
export function pythonEnvDir(env?: Record<string, string | undefined>): string;
export function ensurePythonEnv(opts?: { base?: string; log?: (message: string) => void }): string;
