import type { FlagValue, RunSpec } from './runSpec';
import type { SpecFinding } from './specFinding';

// Whether a run's GPUs fit the Ray cluster it goes to, checked before launch with slime's own arithmetic
// (slime/ray/placement_group.py, _get_placement_group_layout and _create_placement_group): one placement
// group of 1 GPU + 1 CPU bundles, packed wherever they fit, plus 1 CPU for the RolloutManager actor.
// Without the check a run that cannot fit waits for its placement group forever, logging only
// "Waiting for placement group of N GPUs".

/** One alive node of the cluster and what it offers (Ray's `resources_total`). */
export interface RayNode {
  ip: string;
  head: boolean;
  gpus: number;
  /** Undefined when unknown (a head Ray has not started yet counts the box's CPUs itself). */
  cpus: number | undefined;
}

/** What the run asks Ray for, as slime computes it. */
export interface GpuDemand {
  actorNodes: number;
  actorGpusPerNode: number;
  /** --rollout-num-gpus after slime's defaults; undefined when slime gets none (it then fails). */
  rolloutGpus: number | undefined;
  colocate: boolean;
  /** Bundles of {GPU: 1, CPU: 1} in slime's placement group. */
  bundles: number;
  /** How `bundles` was reached, in slime's terms. */
  reason: string;
}

type Args = Readonly<Record<string, FlagValue>>;
const present = (args: Args, flag: string) => args[flag] !== undefined && args[flag] !== false;

function count(args: Args, flag: string, fallback: number | undefined): number | undefined {
  const v = args[flag];
  if (v === undefined || v === false) return fallback;
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : Number.NaN;
  return Number.isInteger(n) && n >= 0 ? n : fallback;
}

/** slime's defaults: --actor-num-nodes 1, --actor-num-gpus-per-node 8, --rollout-num-gpus unset. */
export function gpuDemand(args: Args): GpuDemand {
  const actorNodes = count(args, '--actor-num-nodes', 1) ?? 1;
  const actorGpusPerNode = count(args, '--actor-num-gpus-per-node', 8) ?? 8;
  const colocate = present(args, '--colocate');
  const actor = actorNodes * actorGpusPerNode;
  const actorText = `${actorNodes} actor node(s) × ${actorGpusPerNode} GPU(s)`;
  // slime_validate_args: under --colocate an unset --rollout-num-gpus becomes the actor's GPUs.
  let rolloutGpus = count(args, '--rollout-num-gpus', undefined);
  if (rolloutGpus === undefined && colocate) rolloutGpus = actor;
  const base = { actorNodes, actorGpusPerNode, rolloutGpus, colocate };
  if (present(args, '--debug-train-only'))
    return { ...base, bundles: actor, reason: `${actorText} (--debug-train-only)` };
  if (present(args, '--rollout-external-engine-addrs'))
    return { ...base, bundles: actor, reason: `${actorText} (rollout engines are external)` };
  if (present(args, '--debug-rollout-only')) {
    const r = rolloutGpus ?? 0;
    return { ...base, bundles: r, reason: `${r} rollout GPU(s) (--debug-rollout-only)` };
  }
  if (colocate) {
    const r = rolloutGpus ?? actor;
    return {
      ...base,
      bundles: Math.max(actor, r),
      reason: `${actorText}, colocated with ${r} rollout GPU(s): the larger of the two`,
    };
  }
  const r = rolloutGpus ?? 0;
  return { ...base, bundles: actor + r, reason: `${actorText} + ${r} rollout GPU(s)` };
}

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;
const describeNode = (n: RayNode) =>
  `${n.ip}${n.head ? ' (head)' : ''}: ${plural(n.gpus, 'GPU')}${n.cpus !== undefined ? `, ${plural(n.cpus, 'CPU')}` : ''}`;

/**
 * Findings (RS4xx) for a demand against the cluster's alive nodes: an error naming exactly what is
 * missing when slime's placement group cannot be placed, warnings when it fits in another shape than
 * the flags ask for.
 */
export function rayFit(spec: Pick<RunSpec, 'args'>, nodes: readonly RayNode[], where: string): SpecFinding[] {
  const demand = gpuDemand(spec.args);
  const out: SpecFinding[] = [];
  const cluster = nodes.length > 0 ? nodes.map(describeNode).join('; ') : 'no alive node';
  const gpus = nodes.reduce((s, n) => s + Math.floor(n.gpus), 0);
  const cpusKnown = nodes.every((n) => n.cpus !== undefined);
  // A bundle needs its GPU and its CPU on the same node.
  const placeable = nodes.reduce(
    (s, n) => s + Math.min(Math.floor(n.gpus), n.cpus === undefined ? Infinity : Math.floor(n.cpus)),
    0,
  );
  if (!demand.colocate && demand.rolloutGpus === undefined && !present(spec.args, '--debug-train-only'))
    out.push({
      code: 'RS402',
      severity: 'warning',
      flag: '--rollout-num-gpus',
      message: `Without --colocate slime adds --rollout-num-gpus to the actor's GPUs, and it is not set.`,
    });
  if (gpus < demand.bundles) {
    out.push({
      code: 'RS401',
      severity: 'error',
      flag: demand.colocate ? '--actor-num-gpus-per-node' : '--rollout-num-gpus',
      message: `The run needs ${plural(demand.bundles, 'GPU')} (${demand.reason}) but ${where} has ${plural(gpus, 'GPU')}: ${demand.bundles - gpus} missing. Nodes: ${cluster}.`,
    });
  } else if (placeable < demand.bundles) {
    out.push({
      code: 'RS401',
      severity: 'error',
      flag: '--actor-num-gpus-per-node',
      message: `The run needs ${plural(demand.bundles, 'GPU')} (${demand.reason}), each with 1 CPU on the same node, but ${where} can pair only ${placeable}: ${plural(demand.bundles - placeable, 'CPU')} missing on nodes with free GPUs. Nodes: ${cluster}.`,
    });
  } else if (cpusKnown && demand.bundles > 0) {
    const cpus = nodes.reduce((s, n) => s + Math.floor(n.cpus ?? 0), 0);
    if (cpus < demand.bundles + 1)
      out.push({
        code: 'RS401',
        severity: 'error',
        message: `The run needs ${plural(demand.bundles + 1, 'CPU')} (1 per GPU bundle and 1 for slime's RolloutManager) but ${where} has ${plural(cpus, 'CPU')}: ${demand.bundles + 1 - cpus} missing. Nodes: ${cluster}.`,
      });
  }
  const gpuNodes = nodes.filter((n) => n.gpus >= 1);
  const widest = Math.max(0, ...nodes.map((n) => Math.floor(n.gpus)));
  if (out.every((f) => f.severity !== 'error') && demand.bundles > 0) {
    if (demand.actorNodes > gpuNodes.length)
      out.push({
        code: 'RS403',
        severity: 'warning',
        flag: '--actor-num-nodes',
        message: `--actor-num-nodes is ${demand.actorNodes} but ${where} has ${plural(gpuNodes.length, 'node')} with GPUs; slime still packs the GPUs it needs where they fit.`,
      });
    else if (demand.actorGpusPerNode > widest)
      out.push({
        code: 'RS403',
        severity: 'warning',
        flag: '--actor-num-gpus-per-node',
        message: `--actor-num-gpus-per-node is ${demand.actorGpusPerNode} but no node of ${where} has more than ${plural(widest, 'GPU')}; the actor's ranks will span nodes.`,
      });
  }
  return out;
}
