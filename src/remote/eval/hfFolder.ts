import type { Target } from '../target';

/**
 * The first of a checkpoint's candidate folders (hfCandidates) that is a Hugging Face folder on the box:
 * SGLang and eval.py's tokenizer read that format only, and it always has a config.json.
 */
export async function findHfFolder(
  target: Target,
  candidates: readonly string[],
): Promise<string | undefined> {
  for (const dir of candidates) if (await target.stat(`${dir}/config.json`)) return dir;
  return undefined;
}
