import { rayFit } from './rayFit';
import type { RunSpec } from './runSpec';
import type { SpecFinding } from './specFinding';

// Whether the box itself can run the spec, from what the review reads there: the paths slime opens
// at start, the packages train.py imports, and the GPUs slime's placement group asks for. Without it a
// box with nothing on it reviewed as "No findings" and the run died at once, or waited forever.

/** Flags whose value is a path slime reads at start (slime/utils/arguments.py, data.py). */
export const PATH_FLAGS = ['--hf-checkpoint', '--ref-load', '--prompt-data'] as const;

/** What the box has, as the review reads it with the spec's interpreter in its workdir. */
export interface BoxEnvironment {
  /** What the user calls the box, for messages. */
  label: string;
  /** undefined: the spec's interpreter does not run on the box. */
  packages: Record<'torch' | 'ray' | 'sglang' | 'slime', string | null> | undefined;
  gpus: number;
  /** Why no GPU is listed, when nvidia-smi could not tell (not on PATH, failed). */
  gpuProblem: string | undefined;
  /** Values of PATH_FLAGS that are not there, as slime resolves them (from the workdir). */
  missingPaths: ReadonlyMap<string, string>;
}

// train.py imports these at start (slime.ray, slime.backends.*): without one the run dies with an
// ImportError before its first rollout. slime itself counts when the workdir's checkout provides it.
const REQUIRED = ['torch', 'ray', 'sglang', 'slime'] as const;

export function boxFit(spec: Pick<RunSpec, 'args' | 'ray' | 'python'>, box: BoxEnvironment): SpecFinding[] {
  const out: SpecFinding[] = [];
  for (const [flag, path] of box.missingPaths)
    out.push({
      code: 'RS308',
      severity: 'error',
      flag,
      message: `${path} is not on ${box.label}${path.startsWith('~') ? ' (write the full path: the launch script passes ~ unexpanded)' : ''}; slime stops at start without it.`,
    });
  // A cluster's job runs on the cluster's nodes, with their Python and GPUs (checkRayFit reads those).
  if (spec.ray.mode === 'cluster') return out;
  const python = spec.python ?? 'python3';
  if (!box.packages)
    out.push({
      code: 'RS309',
      severity: 'error',
      path: ['python'],
      message: `${python} does not run on ${box.label}.`,
    });
  else {
    const packages = box.packages;
    const missing = REQUIRED.filter((p) => packages[p] === null);
    if (missing.length > 0)
      out.push({
        code: 'RS309',
        severity: 'error',
        path: ['python'],
        message: `${python} on ${box.label} cannot import ${missing.join(', ')}, which train.py imports at start.`,
      });
  }
  // Whatever a head is told with --num-gpus (checkRayFit checks the run against that number), slime's
  // processes run on this box's GPUs.
  const where = `${box.label}${box.gpus === 0 && box.gpuProblem ? ` (${box.gpuProblem})` : ''}`;
  out.push(...rayFit(spec, [{ ip: box.label, head: false, gpus: box.gpus, cpus: undefined }], where));
  return out;
}
