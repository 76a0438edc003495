import { SERVER_JOB } from '../../core/servers/serverFiles';
import { jobDirShell } from '../boxJob/jobDir';
import { buildJobScript } from '../boxJob/jobScript';
import { jobRecord, type JobInput } from '../boxJob/prepareJob';
import { quoteArgv } from '../quoteArgv';
import { DEFAULT_SERVERS_ROOT, serverArgv } from './serverSpec';
import type { ServerSpec } from './serverSpec';

export type ServerScriptInput = JobInput<ServerSpec>;

/** How long SGLang gets to shut down after SIGTERM before what is left of it is killed. */
const STOP_GRACE_SECONDS = 15;

/** What server.json records: the spec, the resolved argv, where it listens. */
export function serverRecord(input: ServerScriptInput): Record<string, unknown> {
  const { spec } = input;
  return {
    ...jobRecord(input, serverArgv(spec)),
    role: spec.role,
    host: spec.host,
    port: spec.port,
    modelPath: spec.modelPath,
    spec,
  };
}

/**
 * The exact launch.sh of an SGLang server: a box job (buildJobScript) whose job is SGLang, run from the
 * server's directory. SGLang's scheduler and detokenizer processes stay in the script's process group,
 * which a stop cleans after the grace period. Every spec value passes through quoteArgv.
 */
export function buildServerScript(input: ServerScriptInput): string {
  const { spec } = input;
  return buildJobScript({
    kind: SERVER_JOB,
    input,
    dir: jobDirShell(spec.serversRoot ?? DEFAULT_SERVERS_ROOT, input.id),
    record: serverRecord(input),
    graceSeconds: STOP_GRACE_SECONDS,
    body: [
      ...Object.entries(spec.env).map(([k, v]) => `export ${k}=${quoteArgv([v])}`),
      'cd -- "$RS_DIR" || rs_finish 2',
      'rs_state running',
    ],
    start: `${quoteArgv(serverArgv(spec))} &`,
  });
}
