import type { CheckpointRef } from '../eval/evalProvenance';
import type { RunRecord } from '../run/runFiles';
import { iterationOf } from './checkpoints';
import { inferKind, specArgs } from './pipelineView';
import { stageOutputs, type Artifact, type Stage } from './stage';

// An eval of a checkpoint is a stage of the pipeline the checkpoint belongs to: its run.json carries a
// stage record like every stage's, so the Pipelines view shows it after the stage that saved the
// checkpoint, with what it consumed and what it produced. The run that saved the checkpoint is the one a
// checkpoint's Evaluate action names; for a folder typed in, the run whose outputs hold that folder.

interface FoundRun {
  dir: string;
  record: RunRecord;
}

const trimmed = (path: string) => path.replace(/\/+$/, '');

/**
 * The run that produced a checkpoint folder (its --save folder or one of its iter_%07d folders, or the
 * Hugging Face folder an export wrote), with the iteration the folder names.
 */
export function producerOf<T extends FoundRun>(
  runs: readonly T[],
  checkpointDir: string,
): { run: T; iteration?: number } | undefined {
  const dir = trimmed(checkpointDir);
  const name = dir.slice(dir.lastIndexOf('/') + 1);
  const iteration = iterationOf(name);
  const folders = iteration !== undefined ? [dir, dir.slice(0, -name.length - 1)] : [dir];
  for (const run of runs) {
    const kind = run.record.stage?.kind ?? inferKind(run.record);
    if (!kind || kind === 'eval') continue;
    const outputs = stageOutputs(kind, specArgs(run.record), run.dir);
    if (outputs.some((a) => a.kind !== 'dataset' && folders.includes(trimmed(a.path))))
      return { run, ...(iteration !== undefined ? { iteration } : {}) };
  }
  return undefined;
}

/** The stage record of an eval of `checkpoint`, saved by the run `saver`: it joins that run's pipeline. */
export function evalStage(saver: RunRecord, checkpoint: CheckpointRef): Stage {
  const at = checkpoint.iteration !== undefined ? { iteration: checkpoint.iteration } : {};
  const served: Artifact = { kind: 'hf-checkpoint', path: checkpoint.hfCheckpoint, ...at };
  const consumed: Artifact[] =
    trimmed(checkpoint.checkpointDir) === trimmed(checkpoint.hfCheckpoint)
      ? [{ ...served, run: saver.id }]
      : [{ kind: 'checkpoint', path: checkpoint.checkpointDir, ...at, run: saver.id }, served];
  return { pipeline: saver.stage?.pipeline ?? saver.id, kind: 'eval', consumed };
}
