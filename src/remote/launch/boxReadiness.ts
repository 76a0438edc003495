import { boxFit, PATH_FLAGS } from '../../core/runspec/boxFit';
import type { RunSpec } from '../../core/runspec/runSpec';
import type { SpecFinding } from '../../core/runspec/specFinding';
import { probeGpus, probePython } from '../boxProbe';
import type { Target } from '../target';
import { workdirFindings } from './workdirCheck';

/**
 * What the review checks on the box before a launch: the workdir and entry, the paths slime opens at
 * start, the packages train.py imports (with the spec's interpreter, in the workdir) and the GPUs.
 * label: what the user calls the box ("This machine" for the local one).
 */
export async function boxReadiness(
  target: Target,
  spec: RunSpec,
  label: string = target.label,
): Promise<SpecFinding[]> {
  const workdir = await workdirFindings(target, spec, label);
  // Checked together, reported in the flags' order.
  const missing = await Promise.all(
    PATH_FLAGS.map(async (flag): Promise<[string, string] | undefined> => {
      const value = spec.args[flag];
      if (typeof value !== 'string' || value === '') return undefined;
      // launch.sh runs the entry in the workdir with every value quoted: relative paths are read from
      // there and `~` is not expanded, so the path is checked exactly as slime will open it.
      const path = value.startsWith('/') ? value : `${spec.workdir.replace(/\/+$/, '')}/${value}`;
      return (await target.stat(path).catch(() => undefined)) === undefined ? [flag, value] : undefined;
    }),
  );
  const missingPaths = new Map(missing.filter((m): m is [string, string] => m !== undefined));
  if (spec.ray.mode === 'cluster')
    return [
      ...workdir,
      ...boxFit(spec, { label, packages: undefined, gpus: 0, gpuProblem: undefined, missingPaths }),
    ];
  const [python, gpus] = await Promise.all([
    probePython(target, spec.python, spec.workdir),
    probeGpus(target),
  ]);
  return [
    ...workdir,
    ...boxFit(spec, {
      label,
      packages: python?.packages,
      gpus: gpus.gpus.length,
      gpuProblem: gpus.gpuProblem,
      missingPaths,
    }),
  ];
}
