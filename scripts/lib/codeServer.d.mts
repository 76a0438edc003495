import type { ChildProcess } from 'node:child_process';

export const projectRoot: string;
export interface CodeServer {
  node: string;
  entry: string;
}
export function ensureCodeServer(): CodeServer;
export function freePort(): Promise<number>;
export function installExtension(
  codeServer: CodeServer,
  opts: { userDataDir: string; extensionsDir: string; vsix: string },
): void;
export function writeUserSettings(userDataDir: string, settings: Record<string, unknown>): void;
export function startCodeServer(
  codeServer: CodeServer,
  opts: {
    port: number;
    userDataDir: string;
    extensionsDir: string;
    folder: string;
    logFile?: string;
    /** Extra environment for code-server and its extension host (e.g. HOME for ~/.ssh). */
    env?: Record<string, string | undefined>;
    /** Let VS Code ask whether the folder is trusted (Restricted Mode tests). */
    askWorkspaceTrust?: boolean;
  },
): Promise<{ url: string; child: ChildProcess; output: () => string; stop: () => void }>;
