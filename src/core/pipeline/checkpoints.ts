// slime's checkpoint folder (reference/slime.md §6): `<save>/latest_checkpointed_iteration.txt` holds the
// last iteration whose save completed, one `iter_%07d` folder per saved iteration (the Megatron iteration
// is the rollout id), matched by slime with `iter_\d{7}` (checkpoint.py).

export const LATEST_FILE = 'latest_checkpointed_iteration.txt';
const ITER_DIR = /^iter_(\d{7})$/;

export function iterDirName(iteration: number): string {
  return `iter_${String(iteration).padStart(7, '0')}`;
}

/** The iteration an `iter_%07d` folder holds, or undefined for any other name. */
export function iterationOf(name: string): number | undefined {
  const m = ITER_DIR.exec(name);
  return m ? Number(m[1]) : undefined;
}

/**
 * The latest committed iteration from the marker file. Megatron writes an integer, or "release" for a
 * checkpoint converted from Hugging Face (no iteration); anything else is an error naming the file.
 */
export function parseLatest(text: string, path: string): number | 'release' {
  const t = text.trim();
  if (t === 'release') return 'release';
  if (!/^\d+$/.test(t))
    throw new Error(
      `${path}: expected an iteration number or "release", found ${JSON.stringify(t.slice(0, 40))}`,
    );
  return Number(t);
}

/** Where a checkpoint's Hugging Face export goes unless the user picks another folder. */
export function hfExportDir(save: string, iteration: number): string {
  return `${save.replace(/\/+$/, '')}_hf/${iterDirName(iteration)}`;
}
