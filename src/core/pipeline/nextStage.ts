import type { RunSpecInput } from '../runspec/runSpec';
import { hfExportDir } from './checkpoints';
import { RFT_FILES, type Artifact, type StageKind } from './stage';
import { GRPO_STAGE_SPEC, RFT_STAGE_SPEC, SFT_STAGE_SPEC } from './stagePresets';

// Starting the next stage from a finished one fills the inputs the cookbook chains by hand:
// SFT checkpoint → RFT sampling (SGLang serves the checkpoint's Hugging Face export, --hf-checkpoint);
// RFT's kept dataset → SFT on it (--prompt-data); SFT checkpoint → GRPO (--load and --ref-load at the
// checkpoint, --ckpt-step its iteration, as run_grpo.sh does with SFT_CKPT_DIR and REF_CKPT_DIR; the
// SFT stage's --hf-checkpoint, its HF_DIR). The box, checkout, interpreter, Ray mode and runs folder
// carry over from the stage before.
//
// The SFT after rejection sampling is run_sft.sh again with only its data changed (the cookbook's
// SFT_DATA_JSONL, "retrain SFT on this filtered dataset"): run_sft.sh loads the base model (--load
// TORCH_DIST_DIR, --hf-checkpoint HF_DIR), not the first SFT's --save. So its model inputs and settings
// are the ones of the SFT stage the RFT stage sampled from, whatever the user set there, not the preset's.

export interface StageRun {
  id: string;
  dir: string;
  spec: RunSpecInput;
  kind: StageKind;
  /** The pipeline the run belongs to; a run started outside any pipeline starts one named after itself. */
  pipeline?: string;
}

export interface FromCheckpoint {
  iteration: number;
}

/** The stages that can follow a finished stage of this kind. */
export function nextKinds(kind: StageKind): StageKind[] {
  switch (kind) {
    case 'sft':
      return ['rft', 'grpo'];
    case 'rft':
      return ['sft'];
    case 'grpo':
    case 'convert':
    case 'eval':
      return [];
  }
}

const flag = (spec: RunSpecInput, name: string): string | undefined => {
  const v = spec.args?.[name];
  return typeof v === 'string' ? v : undefined;
};

/** A --save folder beside the one before it, named after the new stage. */
function saveBeside(from: RunSpecInput, name: string): string | undefined {
  const save = flag(from, '--save');
  return save ? `${save.replace(/\/+$/, '').replace(/[^/]*$/, '')}${name}` : undefined;
}

/**
 * The spec of the stage `to` following `from`. `sampledFrom` is, for an RFT stage, the SFT stage it
 * sampled (the run its consumed checkpoint names); without it an SFT after RFT starts from the preset.
 */
export function nextStageSpec(
  from: StageRun,
  to: StageKind,
  checkpoint?: FromCheckpoint,
  sampledFrom?: StageRun,
): { spec: RunSpecInput; consumed: Artifact[] } {
  if (!nextKinds(from.kind).includes(to))
    throw new Error(`A ${to} stage cannot follow a ${from.kind} stage.`);
  const pipeline = from.pipeline ?? from.id;
  const carried = {
    box: from.spec.box ?? 'local',
    workdir: from.spec.workdir,
    python: from.spec.python ?? 'python3',
    ...(from.spec.runsRoot !== undefined ? { runsRoot: from.spec.runsRoot } : {}),
    ...(from.spec.ray !== undefined ? { ray: from.spec.ray } : {}),
  };
  const save = flag(from.spec, '--save');
  const needCheckpoint = (): { save: string; iteration: number } => {
    if (!save) throw new Error(`${from.spec.name} has no --save folder: it saved no checkpoint.`);
    if (!checkpoint) throw new Error(`Pick a checkpoint of ${from.spec.name} to start the ${to} stage from.`);
    return { save, iteration: checkpoint.iteration };
  };
  let base: RunSpecInput;
  let consumed: Artifact[];
  let args: Record<string, unknown>;
  if (to === 'rft') {
    const c = needCheckpoint();
    const hf = hfExportDir(c.save, c.iteration);
    base = RFT_STAGE_SPEC;
    consumed = [{ kind: 'hf-checkpoint', path: hf, iteration: c.iteration, run: from.id }];
    args = { ...RFT_STAGE_SPEC.args, '--hf-checkpoint': hf };
  } else if (to === 'grpo') {
    const c = needCheckpoint();
    base = GRPO_STAGE_SPEC;
    consumed = [{ kind: 'checkpoint', path: c.save, iteration: c.iteration, run: from.id }];
    args = {
      ...GRPO_STAGE_SPEC.args,
      // run_grpo.sh's HF_DIR: the base model the SFT stage started from (tokenizer, SGLang's weights
      // until the first update from Megatron).
      '--hf-checkpoint': flag(from.spec, '--hf-checkpoint') ?? flag(GRPO_STAGE_SPEC, '--hf-checkpoint'),
      '--load': c.save,
      '--ref-load': c.save,
      '--ckpt-step': c.iteration,
      '--save': saveBeside(from.spec, `${pipeline}-grpo`) ?? flag(GRPO_STAGE_SPEC, '--save'),
    };
  } else {
    // After rejection sampling: SFT again, on the kept trajectories, from the first SFT's starting point;
    // its checkpoints go beside the first SFT's (the folder that holds its Hugging Face exports).
    const dataset = `${from.dir}/${RFT_FILES.dataset}`;
    const exported = /^(.*\/)[^/]+_hf\/iter_\d{7}\/?$/.exec(flag(from.spec, '--hf-checkpoint') ?? '');
    const first = sampledFrom?.kind === 'sft' ? sampledFrom.spec : undefined;
    base = first ?? SFT_STAGE_SPEC;
    consumed = [{ kind: 'dataset', path: dataset, run: from.id }, ...modelInputs(first, sampledFrom?.id)];
    args = {
      ...base.args,
      '--prompt-data': dataset,
      '--save': exported
        ? `${exported[1]}${pipeline}-sft-rft`
        : ((first && saveBeside(first, `${pipeline}-sft-rft`)) ??
          `${flag(SFT_STAGE_SPEC, '--save') ?? ''}-rft`),
    };
  }
  const spec: RunSpecInput = {
    ...base,
    ...carried,
    name: `${pipeline}-${to}`.slice(0, 80),
    args: args as RunSpecInput['args'],
    stage: { pipeline, kind: to, consumed },
  };
  return { spec, consumed };
}

/** The base model an SFT stage loaded (run_sft.sh's HF_DIR and TORCH_DIST_DIR), as consumed artifacts. */
function modelInputs(sft: RunSpecInput | undefined, run: string | undefined): Artifact[] {
  if (!sft) return [];
  const from = run !== undefined ? { run } : {};
  const hf = flag(sft, '--hf-checkpoint');
  const load = flag(sft, '--load');
  return [
    ...(hf ? [{ kind: 'hf-checkpoint' as const, path: hf, ...from }] : []),
    ...(load ? [{ kind: 'checkpoint' as const, path: load, ...from }] : []),
  ];
}
