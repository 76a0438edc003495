import type { DiscoveredRun } from '../remote/runDiscovery';
import type { BoxSession } from './boxes/boxSession';

/** Runs are keyed by their directory; a run on an SSH box by "alias:directory", so two boxes' identical paths stay apart. */
export const runKey = (box: BoxSession, run: DiscoveredRun): string =>
  box.isLocal ? run.dir : `${box.alias}:${run.dir}`;
