import { RUN_JOB } from '../../core/run/runFiles';
import type { RunState } from '../../core/run/runFiles';
import { stopJob } from '../boxJob/stopJob';
import type { StopOptions, StopOutcome } from '../boxJob/stopJob';
import type { Target } from '../target';

/**
 * Stops a run that this tool launched, as any box job (stopJob): its launch script stops the job (`ray
 * job stop` for a submission), waits its grace period, stops a Ray head it started and writes
 * state.json. A launch script that died without stopping its Ray submission leaves it running under the
 * Ray cluster, outside the run's process group: then Ray is asked to stop it here.
 */
export function stopRun(
  target: Target,
  runDir: string,
  options: StopOptions = {},
): Promise<StopOutcome<RunState>> {
  return stopJob(target, runDir, RUN_JOB, options, async (state) => {
    if (state.submissionId && typeof state.rayAddress === 'string')
      await target.exec(['ray', 'job', 'stop', '--address', state.rayAddress, state.submissionId], {
        timeoutMs: 60_000,
      });
  });
}
