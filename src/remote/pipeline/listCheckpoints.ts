import { LATEST_FILE, iterationOf, parseLatest } from '../../core/pipeline/checkpoints';
import { resolveTargetPath, type Target } from '../target';

// A run's saved iterations, read on the box: the committed marker and every iter_%07d folder with its
// size (du, since a torch_dist checkpoint is many shard files) and modification time.

export interface SavedIteration {
  iteration: number;
  dir: string;
  bytes: number | undefined;
  mtimeMs: number;
  /** The iteration latest_checkpointed_iteration.txt names: its save completed. */
  latest: boolean;
}

export interface CheckpointListing {
  save: string;
  /** undefined when the marker is missing (no save has completed yet). */
  latest: number | 'release' | undefined;
  iterations: SavedIteration[];
  /** The marker could not be read or parsed: the message names the file. */
  problem?: string;
}

export async function listCheckpoints(target: Target, saveSetting: string): Promise<CheckpointListing> {
  const save = (await resolveTargetPath(target, saveSetting)).replace(/\/+$/, '');
  const listing: CheckpointListing = { save, latest: undefined, iterations: [] };
  const stat = await target.stat(save);
  if (!stat?.isDirectory) return listing;
  const markerPath = `${save}/${LATEST_FILE}`;
  if (await target.stat(markerPath)) {
    try {
      listing.latest = parseLatest((await target.readFile(markerPath)).toString('utf8'), markerPath);
    } catch (e) {
      listing.problem = (e as Error).message;
    }
  }
  const dirs = (await target.readDir(save))
    .filter((e) => e.isDirectory)
    .map((e) => ({ name: e.name, iteration: iterationOf(e.name) }))
    .filter((e): e is { name: string; iteration: number } => e.iteration !== undefined);
  const sizes = await folderSizes(
    target,
    dirs.map((d) => `${save}/${d.name}`),
  );
  for (const d of dirs) {
    const path = `${save}/${d.name}`;
    const s = await target.stat(path);
    listing.iterations.push({
      iteration: d.iteration,
      dir: path,
      bytes: sizes.get(path),
      mtimeMs: s?.mtimeMs ?? 0,
      latest: listing.latest === d.iteration,
    });
  }
  listing.iterations.sort((a, b) => b.iteration - a.iteration);
  return listing;
}

/** Apparent sizes in bytes by `du -sb` (GNU); folders it cannot measure are left out. */
async function folderSizes(target: Target, paths: string[]): Promise<Map<string, number>> {
  const sizes = new Map<string, number>();
  if (paths.length === 0) return sizes;
  const r = await target.exec(['du', '-sb', '--', ...paths], { timeoutMs: 60_000 });
  for (const line of r.stdout.toString('utf8').split('\n')) {
    const m = /^(\d+)\t(.*)$/.exec(line);
    if (m) sizes.set(m[2] as string, Number(m[1]));
  }
  return sizes;
}
