import { SERVER_JOB } from '../../core/servers/serverFiles';
import type { ServerState } from '../../core/servers/serverFiles';
import { stopJob } from '../boxJob/stopJob';
import type { StopOptions, StopOutcome } from '../boxJob/stopJob';
import type { Target } from '../target';

/**
 * Stops a server this tool started, as any box job (stopJob): its launch script stops SGLang and cleans
 * its group; past the grace period (or with the script gone) the processes tagged with this server's id
 * are killed and state.json is written here.
 */
export function stopServer(
  target: Target,
  dir: string,
  options: StopOptions = {},
): Promise<StopOutcome<ServerState>> {
  return stopJob(target, dir, SERVER_JOB, options);
}
