import type { TrajectorySample } from '../trajectory/sample';
import { GroupPositions } from '../trajectory/sampleId';
import { isRecord } from '../trajectory/turnsFromMessages';
import type { ImportOptions } from './importOptions';
import { ImportProblems } from './importProblems';
import type { ImportResult } from './importResult';
import { documentTooDeep, jsonLines } from './jsonLines';
import { addJsonLines } from './jsonPathLines';
import { sampleFromSlimeDict } from './slimeSampleDict';

// slime Sample dicts written as JSON: one per line (the tau2 recipe's samples as a user dumps them), a JSON
// array, or the debug-dump shape `{"rollout_id": N, "samples": [...]}` decoded to JSON. Samples carry no step
// of their own, so the dump's rollout_id is used when present and 0 otherwise.

export function importSlimeSamples(text: string, file: string, options: ImportOptions = {}): ImportResult {
  const problems = new ImportProblems(file);
  const samples: TrajectorySample[] = [];
  const positions = new GroupPositions();
  const add = (value: unknown, line: number | undefined, path: string, step: number, evaluation: boolean) => {
    if (!isRecord(value)) {
      problems.report(line, path, 'sample is not a JSON object');
      problems.skipped++;
      return;
    }
    samples.push(sampleFromSlimeDict(value, { step, evaluation, line, positions, path }, problems, options));
  };
  const trimmed = text.trimStart();
  if (trimmed.startsWith('[') || (trimmed.startsWith('{') && isDumpDocument(trimmed))) {
    if (documentTooDeep(text, problems)) {
      return {
        format: 'tau2-recipe',
        samples,
        steps: [],
        problems: problems.list,
        skipped: problems.skipped,
      };
    }
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (e) {
      problems.report(undefined, '', `not JSON: ${(e as Error).message}`);
      return { format: 'tau2-recipe', samples, steps: [], problems: problems.list, skipped: 1 };
    }
    const list = Array.isArray(doc) ? doc : isRecord(doc) && Array.isArray(doc.samples) ? doc.samples : [];
    const { step, evaluation } = dumpStep(isRecord(doc) ? doc.rollout_id : undefined);
    for (const [i, s] of list.entries())
      add(s, undefined, `${Array.isArray(doc) ? '' : 'samples'}[${i}]`, step, evaluation);
    addJsonLines(problems.list, text);
  } else {
    for (const { line, value } of jsonLines(text, problems)) add(value, line, '', 0, false);
  }
  return { format: 'tau2-recipe', samples, steps: [], problems: problems.list, skipped: problems.skipped };
}

/** A whole-document dump, as opposed to JSONL whose first line happens to be an object. */
function isDumpDocument(text: string): boolean {
  const firstLineEnd = text.indexOf('\n');
  if (firstLineEnd < 0) return /"samples"\s*:/.test(text);
  try {
    JSON.parse(text.slice(0, firstLineEnd));
    return false;
  } catch {
    return true;
  }
}

/** Debug dumps of eval rollouts are saved as `eval_<N>` in the file name but keep the integer id inside. */
function dumpStep(raw: unknown): { step: number; evaluation: boolean } {
  if (typeof raw === 'number' && Number.isInteger(raw) && raw >= 0) return { step: raw, evaluation: false };
  const m = typeof raw === 'string' ? /^(eval_)?(\d+)$/.exec(raw) : null;
  return m ? { step: Number(m[2]), evaluation: m[1] !== undefined } : { step: 0, evaluation: false };
}
