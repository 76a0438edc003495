import { describeIssues, RunRecordSchema, RUN_FILES } from '../core/run/runFiles';
import { flagValue, stepDumpFiles, trainDumpTemplate } from '../core/tokens/trainDumpPaths';
import { parseTrainTokens } from '../core/tokens/trainTokens';
import type { TrainTokensFile } from '../core/tokens/trainTokens';
import type { Target } from './target';

/** A run directory's converted train dumps, one per step (the demo writes them; the box's are made here). */
export const TRAIN_TOKENS_DIR = 'train_tokens';
export const TRAIN_CONVERTER_FILE = 'convert_debug_train.py';
const CONVERT_TIMEOUT_MS = 5 * 60_000;

export type TrainTokensResult =
  { ok: true; file: TrainTokensFile; path: string } | { ok: false; reason: string };

/**
 * A step's token data for a run on the box: `<run>/train_tokens/<step>.json` when it exists, else the
 * step's --save-debug-train-data files converted on the box (where torch and the checkpoint's tokenizer
 * are) into that file. The converter is copied into the run directory first, as the tap is at launch.
 */
export async function loadTrainTokens(
  target: Target,
  runDir: string,
  step: number,
  converterSource: string,
): Promise<TrainTokensResult> {
  const out = `${runDir}/${TRAIN_TOKENS_DIR}/${step}.json`;
  if (await target.stat(out)) return read(target, out);
  const recordPath = `${runDir}/${RUN_FILES.record}`;
  let raw: unknown;
  try {
    raw = JSON.parse((await target.readFile(recordPath)).toString('utf8'));
  } catch (e) {
    return { ok: false, reason: `${recordPath}: ${(e as Error).message}` };
  }
  const record = RunRecordSchema.safeParse(raw);
  if (!record.success) return { ok: false, reason: `${recordPath}: ${describeIssues(record.error)}` };
  const { argv } = record.data;
  const workdir = typeof record.data.workdir === 'string' ? record.data.workdir : undefined;
  const template = trainDumpTemplate({ argv, workdir });
  if (!template.ok) return { ok: false, reason: template.reason };
  const files = stepDumpFiles(template.template, step);
  if ('reason' in files) return { ok: false, reason: files.reason };
  const dirStat = await target.stat(files.dir);
  const names = dirStat?.isDirectory
    ? (await target.readDir(files.dir))
        .filter((e) => !e.isDirectory && files.matches(e.name))
        .map((e) => e.name)
    : [];
  if (names.length === 0)
    return {
      ok: false,
      reason: `no train dump for step ${step} yet (${template.template} in ${files.dir}): slime writes it after the step's training`,
    };
  const script = `${runDir}/${TRAIN_CONVERTER_FILE}`;
  await target.writeFile(script, converterSource);
  const tokenizer = flagValue(argv, '--hf-checkpoint');
  const result = await target.exec(
    [
      jobPython(record.data),
      script,
      ...names.sort().map((n) => `${files.dir}/${n}`),
      ...(tokenizer ? ['--tokenizer', tokenizer] : []),
      '--out',
      out,
    ],
    { timeoutMs: CONVERT_TIMEOUT_MS },
  );
  if (result.code !== 0)
    return {
      ok: false,
      reason: `converting the step ${step} train dump on ${target.label} failed: ${result.stderr.toString('utf8').trim() || `exit ${result.code}`}`,
    };
  return read(target, out);
}

async function read(target: Target, path: string): Promise<TrainTokensResult> {
  try {
    return { ok: true, file: parseTrainTokens((await target.readFile(path)).toString('utf8'), path), path };
  } catch (e) {
    return { ok: false, reason: (e as Error).message };
  }
}

/** The interpreter the job runs with has torch; run.json's spec names it, else the argv starts with it. */
function jobPython(record: { argv: string[]; spec?: unknown }): string {
  const spec = record.spec as { python?: unknown } | undefined;
  if (typeof spec?.python === 'string') return spec.python;
  const first = record.argv[0];
  return first && /(^|\/)python[\d.]*$/.test(first) ? first : 'python3';
}
