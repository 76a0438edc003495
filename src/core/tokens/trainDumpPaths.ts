// Where a run's --save-debug-train-data files are, from the argv run.json records (reference/slime.md 1.2,
// 2.2): the flag's template (`{rollout_id}`, `{rank}`), or `--dump-details DIR`, which slime turns into
// DIR/train_data/{rollout_id}.pt.

export interface RunArgs {
  argv: readonly string[];
  /** The job's working directory (run.json's workdir): relative templates are relative to it. */
  workdir?: string;
}

export type DumpTemplate = { ok: true; template: string } | { ok: false; reason: string };

/** A flag's value in argv (`--flag v` or `--flag=v`); the last one wins, as with argparse. */
export function flagValue(argv: readonly string[], flag: string): string | undefined {
  let value: string | undefined;
  argv.forEach((a, i) => {
    if (a === flag && i + 1 < argv.length) value = argv[i + 1];
    else if (a.startsWith(`${flag}=`)) value = a.slice(flag.length + 1);
  });
  return value;
}

export function trainDumpTemplate(run: RunArgs): DumpTemplate {
  const explicit = flagValue(run.argv, '--save-debug-train-data');
  const details = flagValue(run.argv, '--dump-details');
  const template =
    explicit ??
    (details !== undefined ? `${details.replace(/\/+$/, '')}/train_data/{rollout_id}.pt` : undefined);
  if (template === undefined)
    return {
      ok: false,
      reason:
        'the run does not save train data: add --save-debug-train-data <dir>/train_{rollout_id}_{rank}.pt (or --dump-details <dir>) to its flags',
    };
  if (template.startsWith('/')) return { ok: true, template };
  if (!run.workdir)
    return {
      ok: false,
      reason: `--save-debug-train-data ${template} is relative to the job's working directory, which run.json does not record`,
    };
  return { ok: true, template: `${run.workdir.replace(/\/+$/, '')}/${template}` };
}

export interface StepDumpFiles {
  dir: string;
  /** Whether a file name in dir is one of the step's dump files (one per writing rank). */
  matches: (name: string) => boolean;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The step's files: `{rollout_id}` filled in, `{rank}` any number. */
export function stepDumpFiles(template: string, step: number): StepDumpFiles | { reason: string } {
  const filled = template.replaceAll('{rollout_id}', String(step));
  const slash = filled.lastIndexOf('/');
  const dir = filled.slice(0, slash);
  const name = filled.slice(slash + 1);
  if (dir.includes('{rank}'))
    return { reason: `${template}: {rank} in a folder name is not searched; put it in the file name` };
  const pattern = new RegExp(`^${name.split('{rank}').map(escape).join('\\d+')}$`);
  return { dir: dir || '/', matches: (n) => pattern.test(n) };
}
