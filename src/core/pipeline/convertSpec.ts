import { CONVERT_TO_HF_ENTRY, type RunSpecInput } from '../runspec/runSpec';
import { hfExportDir, iterDirName } from './checkpoints';
import type { StageRun } from './nextStage';

// A checkpoint's export to Hugging Face format with slime's own converter, run like any other job on the
// box (its own run directory, console and state): slime docs/en/get_started/quick_start.md,
// `PYTHONPATH=/root/Megatron-LM python tools/convert_torch_dist_to_hf.py --input-dir <save>/iter_X
// --output-dir <out> --origin-hf-dir <the base model>`; the origin folder gives the parameter names and
// the tokenizer and config files copied next to the weights.

export function convertSpec(from: StageRun, iteration: number, outputDir?: string): RunSpecInput {
  const save = from.spec.args?.['--save'];
  if (typeof save !== 'string') throw new Error(`${from.spec.name} has no --save folder to export from.`);
  const origin = from.spec.args?.['--hf-checkpoint'];
  if (typeof origin !== 'string')
    throw new Error(
      `${from.spec.name} names no --hf-checkpoint: the converter needs the base model's folder.`,
    );
  const input = `${save.replace(/\/+$/, '')}/${iterDirName(iteration)}`;
  const output = outputDir ?? hfExportDir(save, iteration);
  const pythonPath = from.spec.env?.PYTHONPATH;
  return {
    name: `${from.spec.name}-hf-${iterDirName(iteration)}`.slice(0, 80),
    box: from.spec.box ?? 'local',
    workdir: from.spec.workdir,
    python: from.spec.python ?? 'python3',
    entry: CONVERT_TO_HF_ENTRY,
    ...(from.spec.runsRoot !== undefined ? { runsRoot: from.spec.runsRoot } : {}),
    ray: { mode: 'direct' },
    tap: false,
    env: pythonPath !== undefined ? { PYTHONPATH: pythonPath } : {},
    secretEnv: [],
    args: { '--input-dir': input, '--output-dir': output, '--origin-hf-dir': origin },
    stage: {
      pipeline: from.pipeline ?? from.id,
      kind: 'convert',
      consumed: [{ kind: 'checkpoint', path: save, iteration, run: from.id }],
    },
  };
}
