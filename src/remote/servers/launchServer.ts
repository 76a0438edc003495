import { SERVER_JOB } from '../../core/servers/serverFiles';
import { jobDirPath } from '../boxJob/jobDir';
import { launchJob } from '../boxJob/launchJob';
import { prepareJob } from '../boxJob/prepareJob';
import type { PreparedJob } from '../boxJob/prepareJob';
import type { Target } from '../target';
import { isPortInUse } from './portCheck';
import { buildServerScript, serverRecord } from './serverScript';
import { DEFAULT_SERVERS_ROOT } from './serverSpec';
import type { ServerSpec } from './serverSpec';

export type PreparedServer = PreparedJob<ServerSpec>;

export function prepareServer(spec: ServerSpec, toolVersion: string, now = new Date()): PreparedServer {
  return prepareJob(spec, toolVersion, buildServerScript, now);
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

/** Checks the port, then launches the server as a box job (launchJob), detached from the editor. */
export async function launchServer(target: Target, prepared: PreparedServer): Promise<ServerLaunch> {
  const { spec, id: serverId } = prepared.input;
  if (await isPortInUse(target, spec.port, spec.host, spec.python))
    throw new PortInUseError(spec.port, target.label);
  const dir = jobDirPath(spec.serversRoot ?? DEFAULT_SERVERS_ROOT, serverId, await target.home());
  const pid = await launchJob(target, {
    kind: SERVER_JOB,
    dir,
    record: serverRecord(prepared.input),
    script: prepared.script,
  });
  return { serverId, dir, pid };
}
