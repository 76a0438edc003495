import type { RunRecord } from '../run/runFiles';
import { isRecord } from '../trajectory/turnsFromMessages';

// SGLang serves, and eval.py's tokenizer reads, Hugging Face folders only; slime saves torch_dist
// iterations (`<save>/iter_%07d`). A checkpoint's Hugging Face folder is the folder itself when it is one,
// else what a run exporting that iteration with slime's converter wrote: a run whose stage record says it
// consumed this save folder at this iteration, its `--output-dir`.

/** Folders to try for a checkpoint's Hugging Face files, most direct first. */
export function hfCandidates(
  checkpointDir: string,
  iteration: number | undefined,
  runs: readonly RunRecord[],
): string[] {
  const save = checkpointDir.replace(/\/+$/, '');
  const out = [save];
  if (iteration === undefined) return out;
  for (const record of runs) {
    const { stage } = record;
    if (stage?.kind !== 'convert') continue;
    const consumed = stage.consumed.some(
      (a) => a.kind === 'checkpoint' && a.path.replace(/\/+$/, '') === save && a.iteration === iteration,
    );
    const spec = (record as { spec?: unknown }).spec;
    const output = isRecord(spec) && isRecord(spec.args) ? spec.args['--output-dir'] : undefined;
    if (consumed && typeof output === 'string' && !out.includes(output)) out.push(output);
  }
  return out;
}
