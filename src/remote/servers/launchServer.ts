import { runDirPath } from '../launch/runDirPath';
import { newRunId } from '../launch/runId';
import type { Target } from '../target';
import { isPortInUse } from './portCheck';
import { SERVER_FILES } from './serverFiles';
import { buildServerScript, serverRecord } from './serverScript';
import type { ServerScriptInput } from './serverScript';
import { DEFAULT_SERVERS_ROOT } from './serverSpec';
import type { ServerSpec } from './serverSpec';

export interface PreparedServer {
  input: ServerScriptInput;
  script: string;
}

export function prepareServer(spec: ServerSpec, toolVersion: string, now = new Date()): PreparedServer {
  const input: ServerScriptInput = {
    spec,
    serverId: newRunId(spec.name, now),
    createdAt: now.toISOString(),
    toolVersion,
  };
  return { input, script: buildServerScript(input) };
}

export class PortInUseError extends Error {
  constructor(
    readonly port: number,
    box: string,
  ) {
    super(`Port ${port} is already in use on ${box}; pick another port or stop what listens there.`);
  }
}

export interface ServerLaunch {
  serverId: string;
  dir: string;
  pid: number;
}

/**
 * Checks the port, uploads server.json and launch.sh, and starts the script detached in its own
 * session, so the server outlives the connection and the editor.
 */
export async function launchServer(target: Target, prepared: PreparedServer): Promise<ServerLaunch> {
  const { spec, serverId } = prepared.input;
  if (await isPortInUse(target, spec.port, spec.host, spec.python))
    throw new PortInUseError(spec.port, target.label);
  const dir = serverDirPath(spec, serverId, await target.home());
  const mkdir = await target.exec(['mkdir', '-p', '--', dir], { timeoutMs: 30_000 });
  if (mkdir.code !== 0)
    throw new Error(`Cannot create ${dir} on ${target.label}: ${mkdir.stderr.toString().trim()}`);
  await target.writeFile(
    `${dir}/${SERVER_FILES.record}`,
    `${JSON.stringify(serverRecord(prepared.input), null, 2)}\n`,
  );
  await target.writeFile(`${dir}/${SERVER_FILES.launch}`, prepared.script, 0o755);
  const { pid } = await target.startDetached(['bash', `${dir}/${SERVER_FILES.launch}`], {
    cwd: dir,
    logPath: `${dir}/${SERVER_FILES.console}`,
  });
  return { serverId, dir, pid };
}

export function serverDirPath(spec: ServerSpec, serverId: string, home: string): string {
  return runDirPath(spec.serversRoot ?? DEFAULT_SERVERS_ROOT, serverId, home);
}
