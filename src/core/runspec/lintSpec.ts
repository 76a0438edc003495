import { BUNDLED_FLAGS, FLAGS_MISSING_FROM_HELP } from './flagTable';
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
  const table = options.helpTable ? withUnlistedFlags(options.helpTable) : BUNDLED_FLAGS;
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
 * What --help leaves out, added back from the bundled table: SGLang's --sglang-* and --router-* flags
 * (their parser has no help; kept for "did you mean"), the flags slime parses before --help, and which
 * flags repeat (argparse's help prints an `append` flag like any one-value flag).
 */
export function withUnlistedFlags(help: FlagTable): FlagTable {
  const flags = new Map(help.flags);
  for (const [flag, kind] of BUNDLED_FLAGS.flags) {
    const unlisted =
      FLAGS_MISSING_FROM_HELP.includes(flag) || BUNDLED_FLAGS.openPrefixes.some((p) => flag.startsWith(p));
    if (unlisted && !flags.has(flag)) flags.set(flag, kind);
    if (kind === 'append' && flags.get(flag) === 'value') flags.set(flag, 'append');
  }
  return { ...help, flags, openPrefixes: BUNDLED_FLAGS.openPrefixes };
}
