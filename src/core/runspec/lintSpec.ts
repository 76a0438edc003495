import { BUNDLED_FLAGS } from './flagTable';
import type { FlagTable } from './flagTable';
import { lintFlags } from './flagLint';
import { lateRules } from './lateRules';
import type { RunSpec } from './runSpec';
import type { SpecFinding } from './specFinding';
import { TAP_FLAGS } from './tapFlags';

export interface LintOptions {
  /** Flags read from `--help` on the box (flagsFromHelp); without it the bundled table is used. */
  helpTable?: FlagTable;
}

/** Everything wrong with a spec that can be known before it runs: flags, slime's late rules, shape. */
export function lintSpec(spec: RunSpec, options: LintOptions = {}): SpecFinding[] {
  const table = options.helpTable ? mergeOpenFlags(options.helpTable) : BUNDLED_FLAGS;
  const findings = [...lintFlags(spec.args, table, options.helpTable !== undefined), ...lateRules(spec)];
  for (const name of spec.secretEnv) {
    if (name in spec.env)
      findings.push({
        code: 'RS301',
        severity: 'error',
        path: ['env', name],
        message: `${name} is listed in secretEnv and also has a plain value in env; secrets belong in secret storage only.`,
      });
  }
  if (spec.tap)
    for (const flag of Object.keys(TAP_FLAGS)) {
      if (spec.args[flag] === undefined || spec.args[flag] === false) continue;
      findings.push(
        flag === '--rollout-sample-hook-path'
          ? {
              code: 'RS302',
              severity: 'info',
              flag,
              message: `The tap adds its own ${flag}; slime runs yours as well.`,
            }
          : {
              code: 'RS303',
              severity: 'warning',
              flag,
              message: `The tap sets ${flag} itself, so this value is replaced. Turn the tap off to keep yours.`,
            },
      );
    }
  return findings;
}

/**
 * --help lists slime's and Megatron's flags but not SGLang's (their parser has no help), so the
 * bundled --sglang-* names are kept alongside for "did you mean".
 */
export function mergeOpenFlags(help: FlagTable): FlagTable {
  const flags = new Map(help.flags);
  for (const [flag, kind] of BUNDLED_FLAGS.flags)
    if (BUNDLED_FLAGS.openPrefixes.some((p) => flag.startsWith(p)) && !flags.has(flag)) flags.set(flag, kind);
  return { source: help.source, flags, openPrefixes: BUNDLED_FLAGS.openPrefixes };
}
