import type { FlagValue, RunSpec } from './runSpec';
import type { SpecFinding } from './specFinding';

// Checks slime makes only after Megatron and SGLang have loaded (slime/utils/arguments.py,
// slime_validate_args, and train_async.py), minutes into a run on a GPU box. Each rule names the
// message slime would fail with, so the user recognises it.

type Args = Readonly<Record<string, FlagValue>>;

const present = (args: Args, flag: string) => args[flag] !== undefined && args[flag] !== false;

/** The flag's numeric value; NaN when it is set but not a number, undefined when absent. */
function num(args: Args, flag: string): number | undefined {
  const v = args[flag];
  if (v === undefined || v === false) return undefined;
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '') return Number(v);
  return Number.NaN;
}

export function lateRules(spec: Pick<RunSpec, 'args' | 'entry'>): SpecFinding[] {
  const { args } = spec;
  const out: SpecFinding[] = [];
  const error = (code: string, flag: string | undefined, message: string) =>
    out.push({ code, severity: 'error', message, ...(flag ? { flag } : {}) });
  const warn = (
    code: string,
    flag: string | undefined,
    message: string,
    severity: 'warning' | 'info' = 'warning',
  ) => out.push({ code, severity, message, ...(flag ? { flag } : {}) });

  const numeric = (flag: string) => {
    const v = num(args, flag);
    if (v !== undefined && Number.isNaN(v)) error('RS200', flag, `${flag} must be a number.`);
    return v !== undefined && Number.isNaN(v) ? undefined : v;
  };
  const rbs = numeric('--rollout-batch-size');
  const n = numeric('--n-samples-per-prompt') ?? 1;
  const gbs = numeric('--global-batch-size');
  const temperature = numeric('--rollout-temperature');
  const steps = numeric('--num-steps-per-rollout');
  const over = numeric('--over-sampling-batch-size');
  const klCoef = numeric('--kl-coef') ?? 0;
  const klLossCoef = numeric('--kl-loss-coef') ?? 0;

  if (!present(args, '--rollout-batch-size'))
    error('RS201', undefined, 'train.py: error: the following arguments are required: --rollout-batch-size');
  if (temperature !== undefined && temperature <= 0)
    error(
      'RS202',
      '--rollout-temperature',
      '--rollout-temperature must be > 0; temperature 0 is greedy decoding and is not a valid RL policy.',
    );
  if (present(args, '--save-interval') && !present(args, '--save'))
    error('RS203', '--save-interval', "'--save' is required when save_interval is set.");
  if (
    present(args, '--eval-interval') &&
    !present(args, '--eval-prompt-data') &&
    !present(args, '--eval-config')
  )
    error(
      'RS204',
      '--eval-interval',
      'Evaluation datasets must be configured when eval_interval is set (--eval-prompt-data or --eval-config).',
    );
  if (present(args, '--use-dynamic-batch-size') && !present(args, '--max-tokens-per-gpu'))
    error(
      'RS205',
      '--use-dynamic-batch-size',
      'max_tokens_per_gpu must be set when use_dynamic_batch_size is set',
    );
  if (rbs !== undefined && gbs !== undefined && steps === undefined && (rbs * n) % gbs !== 0)
    error(
      'RS206',
      '--global-batch-size',
      `--rollout-batch-size × --n-samples-per-prompt (${rbs} × ${n} = ${rbs * n} samples per rollout) must be a multiple of --global-batch-size (${gbs}).`,
    );
  if (rbs !== undefined && steps !== undefined && gbs !== undefined && gbs !== Math.floor((rbs * n) / steps))
    error(
      'RS207',
      '--global-batch-size',
      `global_batch_size ${gbs} is not equal to rollout_batch_size ${rbs} * n_samples_per_prompt ${n} // num_steps_per_rollout ${steps}`,
    );
  if (over !== undefined && rbs !== undefined && over < rbs)
    error(
      'RS208',
      '--over-sampling-batch-size',
      `over_sampling_batch_size ${over} should be greater than or equal to rollout_batch_size ${rbs}`,
    );
  if (klCoef !== 0 && klLossCoef !== 0)
    error('RS209', '--kl-coef', 'Only one of kl_coef and kl_loss_coef can be set');
  const estimator = args['--advantage-estimator'];
  if (
    (estimator === 'reinforce_plus_plus' || estimator === 'reinforce_plus_plus_baseline') &&
    !present(args, '--normalize-advantages')
  )
    error(
      'RS210',
      '--advantage-estimator',
      `${estimator} requires advantage normalization: add --normalize-advantages.`,
    );
  if (present(args, '--use-rollout-logprobs') && present(args, '--use-tis'))
    error('RS211', '--use-tis', 'use_rollout_logprobs and use_tis cannot be set at the same time.');
  if ((klCoef !== 0 || present(args, '--use-kl-loss')) && !present(args, '--ref-load'))
    error(
      'RS212',
      '--use-kl-loss',
      'A KL term needs the reference model: set --ref-load (slime checks the path exists).',
    );
  if (spec.entry === 'train_async.py' && present(args, '--colocate'))
    error('RS213', '--colocate', 'Colocation is not supported for async training (train_async.py).');
  if (present(args, '--debug-rollout-only'))
    warn(
      'RS214',
      '--debug-rollout-only',
      'With --debug-rollout-only slime logs no `rollout N:` reward line (slime issue #1837): rewards show from the tap only.',
      'info',
    );
  if (!present(args, '--num-rollout') && !present(args, '--num-epoch'))
    warn(
      'RS215',
      undefined,
      'Neither --num-rollout nor --num-epoch is set: progress cannot show "step N of M".',
      'info',
    );
  return out;
}
