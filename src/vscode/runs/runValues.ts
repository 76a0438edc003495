import { lateRules } from '../../core/runspec/lateRules';
import type { FlagValue, RunSpecInput } from '../../core/runspec/runSpec';
import type { SpecFinding } from '../../core/runspec/specFinding';

// The values of a spec that matter when starting a run (issue 6, "Start GRPO Run"): the wizard lists
// them with their current value so a preset or an imported script can be checked and changed in place.
// Editor-free, so the unit tests run it without VS Code: a row's label and help, in the user's language,
// come from runValueText.ts.

export interface RunValue {
  /** The slime flag, or undefined for the spec's workdir. */
  flag?: string;
  /** Checked for existence on the box before review. */
  path?: boolean;
  numeric?: boolean;
}

export const RUN_VALUES: readonly RunValue[] = [
  { path: true },
  { flag: '--hf-checkpoint', path: true },
  { flag: '--ref-load', path: true },
  { flag: '--prompt-data', path: true },
  { flag: '--rollout-batch-size', numeric: true },
  { flag: '--n-samples-per-prompt', numeric: true },
  { flag: '--global-batch-size', numeric: true },
  { flag: '--num-rollout', numeric: true },
  { flag: '--rollout-temperature', numeric: true },
  { flag: '--rollout-max-response-len', numeric: true },
  { flag: '--actor-num-gpus-per-node', numeric: true },
];

export function getValue(spec: RunSpecInput, v: RunValue): string | undefined {
  if (!v.flag) return spec.workdir;
  const value: FlagValue | undefined = spec.args?.[v.flag];
  if (value === undefined || value === false) return undefined;
  return Array.isArray(value) ? value.join(' ') : String(value);
}

/** An empty text removes the flag; numeric values stay numbers so the spec file reads naturally. */
export function setValue(spec: RunSpecInput, v: RunValue, text: string): RunSpecInput {
  if (!v.flag) return { ...spec, workdir: text };
  const args = { ...spec.args };
  const trimmed = text.trim();
  if (trimmed === '') delete args[v.flag];
  else args[v.flag] = v.numeric && Number.isFinite(Number(trimmed)) ? Number(trimmed) : trimmed;
  return { ...spec, args };
}

/** The review's findings that belong to a value's row: its flag's, or the workdir's and entry's. */
export function findingsFor(v: RunValue, findings: readonly SpecFinding[]): SpecFinding[] {
  return findings.filter((f) =>
    v.flag ? f.flag === v.flag : f.path?.[0] === 'workdir' || f.path?.[0] === 'entry',
  );
}

/**
 * What is wrong with a value as it is typed, by slime's rules (lateRules) on the spec it would make.
 * A rule broken by this value alone refuses it (temperature 0); one it breaks together with another
 * value (batch sizes that do not divide) is a warning, since the other value may be edited next.
 * `notANumber` is what a numeric row says of other text, in the user's language.
 */
export function typedValueProblem(
  spec: RunSpecInput,
  v: RunValue,
  text: string,
  notANumber: string,
): { message: string; refuse: boolean } | undefined {
  if (v.numeric && text.trim() !== '' && !Number.isFinite(Number(text.trim())))
    return { message: notANumber, refuse: true };
  if (!v.flag) return undefined;
  const rules = (s: RunSpecInput) =>
    lateRules({ args: s.args ?? {}, entry: s.entry ?? 'train.py' }).filter((f) => f.severity === 'error');
  const before = new Set(rules(spec).map((f) => `${f.code} ${f.flag ?? ''}`));
  const after = rules(setValue(spec, v, text));
  const own = after.find((f) => f.flag === v.flag);
  if (own) return { message: own.message, refuse: true };
  const added = after.find((f) => !before.has(`${f.code} ${f.flag ?? ''}`));
  return added && { message: added.message, refuse: false };
}
