import type { DiscoveredServer } from '../servers/discoverServers';
import { discoverServers } from '../servers/discoverServers';
import { launchServer, prepareServer } from '../servers/launchServer';
import { serverReady } from '../servers/serverReady';
import { ServerSpecSchema } from '../servers/serverSpec';
import type { Target } from '../target';

// The servers an eval talks to (the policy, and an SGLang user simulator): one this tool started earlier
// that still serves the same model in the same role is used again, since loading a checkpoint takes
// minutes; otherwise one is started with Start SGLang Server's own launch. Either way the eval starts only
// once the server is ready.

export interface EvalServerRequest {
  name: string;
  role: 'policy' | 'user-simulator';
  modelPath: string;
  port: number;
}

/** A server this tool started that still runs `modelPath` in `role`. */
export async function runningServer(
  target: Target,
  serversRoot: string,
  role: EvalServerRequest['role'],
  modelPath: string,
): Promise<DiscoveredServer | undefined> {
  const servers = await discoverServers(target, serversRoot).catch(() => []);
  return servers.find(
    (s) => s.record.modelPath === modelPath && s.record.role === role && s.state?.state !== 'exited',
  );
}

export interface ReadyServer {
  port: number;
  dir: string;
  /** False when a running server was used again. */
  started: boolean;
}

/**
 * Waits for `running` when given, else starts the requested server (a busy port rejects with
 * PortInUseError, so the caller can offer another) and waits until it is ready.
 */
export async function readyServer(
  target: Target,
  serversRoot: string,
  request: EvalServerRequest,
  options: { toolVersion: string; timeoutMs: number; running?: DiscoveredServer; signal?: AbortSignal },
): Promise<ReadyServer> {
  const { running, timeoutMs, signal } = options;
  if (running) {
    await serverReady(target, running.dir, timeoutMs, signal);
    return { port: running.record.port, dir: running.dir, started: false };
  }
  const spec = ServerSpecSchema.parse({ ...request, serversRoot });
  const launched = await launchServer(target, prepareServer(spec, options.toolVersion));
  await serverReady(target, launched.dir, timeoutMs, signal);
  return { port: request.port, dir: launched.dir, started: true };
}
