import * as z from 'zod';
import type { RayNode } from '../../core/runspec/rayFit';
import type { Target } from '../target';

// The alive nodes of a Ray cluster, read on the box with Ray's own state CLI (`ray list nodes`, which
// asks the dashboard's state API), so the box needs nothing the launch does not already need.

// `--detail` rows: resources_total holds numbers for counts and "15.2 GiB"-style text for memory.
const NodeRowSchema = z.looseObject({
  node_ip: z.string(),
  is_head_node: z.boolean(),
  state: z.string(),
  resources_total: z.record(z.string(), z.union([z.number(), z.string()])).default({}),
});

const amount = (v: number | string | undefined) => (typeof v === 'number' ? v : 0);

/** Parses `ray list nodes --format json --detail`; only alive nodes count. */
export function parseRayNodes(stdout: string): RayNode[] {
  let json: unknown;
  try {
    json = JSON.parse(stdout);
  } catch {
    throw new Error(`ray list nodes printed no JSON: ${stdout.trim().slice(0, 200) || '(nothing)'}`);
  }
  return z
    .array(NodeRowSchema)
    .parse(json)
    .filter((n) => n.state === 'ALIVE')
    .map((n) => ({
      ip: n.node_ip,
      head: n.is_head_node,
      gpus: amount(n.resources_total.GPU),
      cpus: amount(n.resources_total.CPU),
    }));
}

/**
 * The cluster at a dashboard address (what cluster mode submits to), as seen from the box. `path` is
 * the PATH the run gets when its spec sets one, so the same `ray` answers.
 */
export async function readRayNodes(target: Target, address: string, path?: string): Promise<RayNode[]> {
  const argv = [
    'ray',
    'list',
    'nodes',
    '--address',
    address,
    '--format',
    'json',
    '--detail',
    '--limit',
    '10000',
  ];
  const r = await target.exec(path !== undefined ? ['env', `PATH=${path}`, ...argv] : argv, {
    timeoutMs: 60_000,
  });
  if (r.code !== 0) {
    const why = r.stderr.toString().trim().split('\n').slice(-3).join(' ') || `exit code ${r.code}`;
    throw new Error(
      r.code === 127
        ? `ray is not on PATH on ${target.label}`
        : `ray list nodes --address ${address} failed on ${target.label}: ${why}`,
    );
  }
  return parseRayNodes(r.stdout.toString());
}
