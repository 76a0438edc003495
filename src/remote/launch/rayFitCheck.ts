import { rayFit } from '../../core/runspec/rayFit';
import type { RunSpec } from '../../core/runspec/runSpec';
import type { SpecFinding } from '../../core/runspec/specFinding';
import type { Target } from '../target';
import { readRayNodes } from './rayNodes';

/**
 * The fit check of the review: in cluster mode against the nodes the cluster has now, in head mode
 * against the GPUs the spec gives the head. Direct mode and a head that counts its own GPUs are not
 * checked (slime's private Ray sees the box's GPUs, which only the box knows).
 */
export async function checkRayFit(target: Target, spec: RunSpec): Promise<SpecFinding[]> {
  const { ray } = spec;
  if (ray.mode === 'head' && ray.numGpus !== undefined)
    return rayFit(
      spec,
      [{ ip: '127.0.0.1', head: true, gpus: ray.numGpus, cpus: undefined }],
      `the Ray head this run starts (--num-gpus ${ray.numGpus})`,
    );
  if (ray.mode !== 'cluster' || ray.address === undefined) return [];
  try {
    const nodes = await readRayNodes(target, ray.address, spec.env.PATH);
    return rayFit(spec, nodes, `the Ray cluster at ${ray.address}`);
  } catch (e) {
    return [
      {
        code: 'RS404',
        severity: 'warning',
        path: ['ray', 'address'],
        message: `The cluster's resources could not be read, so the fit was not checked: ${(e as Error).message}`,
      },
    ];
  }
}
