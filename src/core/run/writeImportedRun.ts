import { promises as fs } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { RUN_FILES, type RunRecord, type RunState } from './runFiles';
import type { WorkControl } from '../work/slicedWork';

// How much of rollouts.jsonl is written between progress reports and looks at the signal.
const CHUNK_BYTES = 1 << 20;

/**
 * Lays out a converted file as a finished run at `dir`: run.json, state.json and rollouts.jsonl
 * (one tap record a line), with progress in bytes of rollouts.jsonl. The files are written under
 * `scratch` (on the same file system, outside any runs root, so no half-written run is ever listed)
 * and replace `dir` only once complete: a cancelled or failed conversion removes its partial output
 * and leaves an earlier copy of the same file as it was.
 */
export async function writeImportedRun(
  dir: string,
  scratch: string,
  run: { record: RunRecord; state: RunState; lines: readonly string[] },
  control: WorkControl = {},
): Promise<void> {
  const { signal, onProgress } = control;
  signal?.throwIfAborted();
  const partial = join(scratch, `${basename(dir)}-${process.pid}`);
  await fs.rm(partial, { recursive: true, force: true });
  await fs.mkdir(partial, { recursive: true });
  try {
    await fs.writeFile(join(partial, RUN_FILES.record), JSON.stringify(run.record, null, 2));
    await fs.writeFile(join(partial, RUN_FILES.state), JSON.stringify(run.state, null, 2));
    const total = run.lines.reduce((n, l) => n + Buffer.byteLength(l), 0);
    const file = await fs.open(join(partial, RUN_FILES.rollouts), 'w');
    try {
      let done = 0;
      let chunk: string[] = [];
      let chunkBytes = 0;
      const flush = async () => {
        await file.write(chunk.join(''));
        done += chunkBytes;
        chunk = [];
        chunkBytes = 0;
        onProgress?.(done, total);
        signal?.throwIfAborted();
      };
      for (const line of run.lines) {
        chunk.push(line);
        chunkBytes += Buffer.byteLength(line);
        if (chunkBytes >= CHUNK_BYTES) await flush();
      }
      await flush();
    } finally {
      await file.close();
    }
    await fs.mkdir(dirname(dir), { recursive: true });
    await fs.rm(dir, { recursive: true, force: true });
    await fs.rename(partial, dir);
  } catch (e) {
    await fs.rm(partial, { recursive: true, force: true });
    throw e;
  }
}
