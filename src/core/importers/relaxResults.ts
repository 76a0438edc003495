import type { TrajectorySample } from '../trajectory/sample';
import { GroupPositions } from '../trajectory/sampleId';
import { isRecord } from '../trajectory/turnsFromMessages';
import type { ImportOptions } from './importOptions';
import { ImportProblems } from './importProblems';
import type { ImportResult } from './importResult';
import { jsonLines } from './jsonLines';
import { sampleFromSlimeDict } from './slimeSampleDict';

// Relax (redai-infra/Relax) writes one JSONL file per rollout step when --rollout-result-dir is set:
// `<dir>/train/<rollout_id>.jsonl` and, for eval rounds, `<dir>/eval/<rollout_id>.jsonl`
// (relax/utils/training/train_dump_utils.py, `_sample_to_summary_record`). Each line is a summary of one
// Sample: prompt (a string or chat messages), response, reward (a number, a dict or null), prompt_length,
// response_length, total_length, agent_turns, status (Sample.Status.value), group_index (null when the
// rollout did not group), and for eval files the dataset name. Records carry no loss mask and no tools.

/** Path shape that identifies a Relax result file: the step is the name, eval rounds live in `eval/`. */
const RESULT_FILE = /(?:^|\/)(train|eval)\/(\d+)\.jsonl$/;

/** True when the first record looks like a Relax summary record rather than a raw slime Sample dict. */
export function isRelaxRecord(record: Record<string, unknown>): boolean {
  return 'rollout_id' in record && 'sample_index' in record && 'total_length' in record;
}

/** Step and eval flag from the file's place in a `rollout_result` folder, if it sits in one. */
export function relaxFileStep(file: string): { step: number; evaluation: boolean } | undefined {
  const m = RESULT_FILE.exec(file.replace(/\\/g, '/'));
  return m ? { step: Number(m[2]), evaluation: m[1] === 'eval' } : undefined;
}

const INT_FIELDS = ['rollout_id', 'sample_index', 'response_length', 'total_length'] as const;

export function importRelaxResults(text: string, file: string, options: ImportOptions = {}): ImportResult {
  const problems = new ImportProblems(file);
  const samples: TrajectorySample[] = [];
  const positions = new GroupPositions();
  const fromName = relaxFileStep(file);
  for (const { line, value } of jsonLines(text, problems)) {
    if (!isRecord(value)) {
      problems.report(line, '', 'record is not a JSON object');
      problems.skipped++;
      continue;
    }
    if (!checkRecord(value, line, problems)) {
      problems.skipped++;
      continue;
    }
    const recordStep = value.rollout_id as number;
    if (fromName !== undefined && recordStep !== fromName.step) {
      problems.report(
        line,
        'rollout_id',
        `rollout_id ${recordStep} differs from the file name's step ${fromName.step}; the file name is used`,
      );
    }
    const step = fromName?.step ?? recordStep;
    const evaluation = fromName?.evaluation ?? typeof value.dataset === 'string';
    const metadata: Record<string, unknown> = {};
    for (const key of ['dataset', 'label', 'agent_turns', 'sample_index'] as const)
      if (value[key] !== undefined && value[key] !== null) metadata[key] = value[key];
    // An eval record's dataset is what its samples share; it is shown and compared as the domain.
    if (typeof value.dataset === 'string') metadata.domain = value.dataset;
    const sample = sampleFromSlimeDict(
      { ...value, metadata },
      { step, evaluation, line, positions, path: '' },
      problems,
      options,
    );
    const total = value.total_length as number;
    const response = value.response_length as number;
    const prompt = typeof value.prompt_length === 'number' ? value.prompt_length : total - response;
    sample.lengths.promptTokens = Math.max(prompt, 0);
    samples.push(sample);
  }
  return { format: 'relax', samples, steps: [], problems: problems.list, skipped: problems.skipped };
}

/** The fields every Relax record has; a record without them is reported field by field and left out. */
function checkRecord(value: Record<string, unknown>, line: number, problems: ImportProblems): boolean {
  let ok = true;
  for (const field of INT_FIELDS) {
    const v = value[field];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
      problems.report(line, field, `expected a non-negative integer, got ${JSON.stringify(v) ?? 'nothing'}`);
      ok = false;
    }
  }
  if (typeof value.prompt !== 'string' && !Array.isArray(value.prompt)) {
    problems.report(line, 'prompt', 'expected a string or a list of chat messages');
    ok = false;
  }
  if (typeof value.response !== 'string') {
    problems.report(line, 'response', 'expected a string');
    ok = false;
  }
  const group = value.group_index;
  if (group !== null && group !== undefined && (typeof group !== 'number' || !Number.isInteger(group))) {
    problems.report(line, 'group_index', 'expected an integer or null');
    ok = false;
  }
  return ok;
}

/** Directory listing, for reading a whole `rollout_result` folder. */
export type ListDir = (path: string) => Promise<string[]>;

/** The step files of a `rollout_result` folder (or of its `train`/`eval` subfolder), in step order. */
export async function relaxResultFiles(dir: string, listDir: ListDir): Promise<string[]> {
  const root = dir.replace(/\/+$/, '');
  const stepFiles = (names: string[], base: string) =>
    names
      .filter((n) => /^\d+\.jsonl$/.test(n))
      .sort((a, b) => parseInt(a, 10) - parseInt(b, 10))
      .map((n) => `${base}/${n}`);
  if (/(^|\/)(train|eval)$/.test(root)) return stepFiles(await listDir(root), root);
  const names = await listDir(root);
  const files: string[] = [];
  for (const sub of ['train', 'eval']) {
    if (!names.includes(sub)) continue;
    files.push(...stepFiles(await listDir(`${root}/${sub}`), `${root}/${sub}`));
  }
  return files;
}

/** Reads every step file of a `rollout_result` folder; train and eval steps side by side. */
export async function importRelaxResultDir(
  files: string[],
  readFile: (path: string) => Promise<string>,
  options: ImportOptions = {},
): Promise<ImportResult> {
  const out: ImportResult = { format: 'relax', samples: [], steps: [], problems: [], skipped: 0 };
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file);
    } catch (e) {
      out.problems.push({ file, path: '(root)', message: `cannot read: ${(e as Error).message}` });
      out.skipped++;
      continue;
    }
    const one = importRelaxResults(text, file, options);
    out.samples.push(...one.samples);
    out.problems.push(...one.problems);
    out.skipped += one.skipped;
  }
  return out;
}
