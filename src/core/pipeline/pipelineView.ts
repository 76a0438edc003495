import type { RunRecord, RunState } from '../run/runFiles';
import { stageOutputs, type Artifact, type StageKind } from './stage';

// The pipelines of a box, rebuilt from its discovered runs: the runs whose run.json names a pipeline, in
// the order they were created. A pipeline's first run may predate pipelines (a GRPO or SFT run started on
// its own): a stage started from it names that run's id as its pipeline, so the run joins as the first
// stage.

export type StageState = 'starting' | 'running' | 'finished' | 'failed' | 'unknown';

export interface PipelineStage {
  runId: string;
  runDir: string;
  name: string;
  kind: StageKind;
  state: StageState;
  createdAt: string;
  consumed: Artifact[];
  produced: Artifact[];
}

export interface Pipeline {
  id: string;
  stages: PipelineStage[];
}

export interface StageRunInfo {
  dir: string;
  record: RunRecord;
  state: RunState | undefined;
}

export function stageState(state: RunState | undefined): StageState {
  if (!state) return 'unknown';
  if (state.state !== 'exited') return state.state;
  return state.exitCode === 0 ? 'finished' : 'failed';
}

/** The kind of a run without a stage record, from the flags that tell: SFT's loss, GRPO's estimator. */
export function inferKind(record: RunRecord): StageKind | undefined {
  const argv = record.argv;
  const value = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  if (value('--loss-type') === 'sft_loss') return 'sft';
  if (argv.includes('--debug-rollout-only')) return 'rft';
  if (value('--advantage-estimator') !== undefined) return 'grpo';
  return undefined;
}

export function buildPipelines(runs: readonly StageRunInfo[]): Pipeline[] {
  const ids = new Set(runs.flatMap((r) => (r.record.stage ? [r.record.stage.pipeline] : [])));
  const byId = new Map<string, PipelineStage[]>();
  for (const run of runs) {
    const stage = run.record.stage;
    const pipeline = stage?.pipeline ?? (ids.has(run.record.id) ? run.record.id : undefined);
    const kind = stage?.kind ?? inferKind(run.record);
    if (pipeline === undefined || kind === undefined) continue;
    const args = specArgs(run.record);
    const list = byId.get(pipeline) ?? [];
    byId.set(pipeline, list);
    list.push({
      runId: run.record.id,
      runDir: run.dir,
      name: run.record.name,
      kind,
      state: stageState(run.state),
      createdAt: run.record.createdAt,
      consumed: stage?.consumed ?? [],
      produced: stageOutputs(kind, args, run.dir),
    });
  }
  return [...byId.entries()]
    .map(([id, stages]) => ({ id, stages: stages.sort((a, b) => a.createdAt.localeCompare(b.createdAt)) }))
    .sort((a, b) => (b.stages[0]?.createdAt ?? '').localeCompare(a.stages[0]?.createdAt ?? ''));
}

/** The spec's flags as run.json keeps them (launchScript's runRecord writes the whole spec). */
export function specArgs(record: RunRecord): Record<string, unknown> {
  const spec = (record as { spec?: unknown }).spec;
  const args = typeof spec === 'object' && spec !== null ? (spec as { args?: unknown }).args : undefined;
  return typeof args === 'object' && args !== null ? (args as Record<string, unknown>) : {};
}
