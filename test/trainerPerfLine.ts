import { lineStamp } from '../src/core/runspec/logLine';

/** The trainer's `perf N` line, which closes step N, stamped at `t` as slime's logger stamps it. */
export const trainerPerfLine = (step: number, t: number): string =>
  `(MegatronTrainRayActor pid=2087) [${lineStamp(new Date(t))}] train_metric_utils.py:401 - perf ${step}: {'perf/train_wait_time': 40.0, 'perf/train_time': 30.0, 'perf/step_time': 70.0}\n`;
