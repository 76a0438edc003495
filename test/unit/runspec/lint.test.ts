import { describe, expect, test } from 'vitest';
import { closest, lintFlags } from '../../../src/core/runspec/flagLint';
import { BUNDLED_FLAGS } from '../../../src/core/runspec/flagTable';
import { flagsFromHelp } from '../../../src/core/runspec/helpFlags';
import { lintSpec } from '../../../src/core/runspec/lintSpec';
import { PRESETS } from '../../../src/core/runspec/presets';
import { RunSpecSchema } from '../../../src/core/runspec/runSpec';
import type { RunSpec } from '../../../src/core/runspec/runSpec';

const base = (args: RunSpec['args'], extra: Partial<RunSpec> = {}): RunSpec =>
  RunSpecSchema.parse({ name: 't', workdir: '/w', tap: false, args, ...extra });
const codes = (spec: RunSpec) => lintSpec(spec).map((f) => `${f.code}:${f.flag ?? ''}`);

describe('flag lint', () => {
  test('a misspelled slime flag gets "did you mean" with the real name', () => {
    const [f] = lintFlags({ '--rollout-batchsize': 8 }, BUNDLED_FLAGS, false);
    expect(f).toMatchObject({ code: 'RS101', suggestion: '--rollout-batch-size', severity: 'warning' });
    expect(f?.message).toContain('Did you mean --rollout-batch-size?');
    expect(closest('--n-sample-per-prompt', BUNDLED_FLAGS.flags.keys())).toBe('--n-samples-per-prompt');
    expect(closest('--totally-unrelated-thing', BUNDLED_FLAGS.flags.keys())).toBeUndefined();
  });

  test('against --help output an unknown flag is an error; --sglang-* stay open since --help omits them', () => {
    const help = [
      'usage: train.py [-h] [--rollout-batch-size ROLLOUT_BATCH_SIZE] [--colocate]',
      '',
      'options:',
      '  -h, --help            show this help message and exit',
      '  --rollout-batch-size ROLLOUT_BATCH_SIZE',
      '                        Number of prompts per rollout.',
      '  --colocate            Colocate training and rollout.',
      '  --offload-train, --no-offload-train',
      '  --eval-prompt-data EVAL_PROMPT_DATA [EVAL_PROMPT_DATA ...]',
      '  --lr LR               Learning rate.',
    ].join('\n');
    const table = flagsFromHelp(help, "the box's train.py --help", BUNDLED_FLAGS.openPrefixes);
    expect(table && [...table.flags]).toEqual([
      ['--help', 'bare'],
      ['--rollout-batch-size', 'value'],
      ['--colocate', 'bare'],
      ['--offload-train', 'bare'],
      ['--no-offload-train', 'bare'],
      ['--eval-prompt-data', 'list'],
      ['--lr', 'value'],
    ]);
    const spec = base({ '--rollout-batch-size': 8, '--swiglu': true, '--sglang-mem-fraction-static': 0.7 });
    const findings = lintSpec(spec, { helpTable: table });
    expect(findings.find((f) => f.flag === '--swiglu')).toMatchObject({ code: 'RS101', severity: 'error' });
    expect(findings.find((f) => f.flag === '--sglang-mem-fraction-static')).toBeUndefined();
    // A misspelled SGLang flag still gets a suggestion from the bundled names.
    const typo = lintSpec(base({ '--rollout-batch-size': 8, '--sglang-mem-fraction-statc': 0.7 }), {
      helpTable: table,
    });
    expect(typo.find((f) => f.code === 'RS101')?.suggestion).toBe('--sglang-mem-fraction-static');
  });

  test('a traceback instead of help text gives no table (never "every flag is unknown")', () => {
    expect(
      flagsFromHelp('Traceback (most recent call last):\nModuleNotFoundError: megatron', 'x', []),
    ).toBeUndefined();
  });

  test('value shapes: bare flags take true, value flags take one value', () => {
    expect(
      codes(
        base({ '--rollout-batch-size': 8, '--colocate': 'yes', '--lr': [1, 2], '--hf-checkpoint': true }),
      ),
    ).toEqual(expect.arrayContaining(['RS102:--colocate', 'RS102:--lr', 'RS102:--hf-checkpoint']));
    expect(codes(base({ '--rollout-batch-size': 8, '--colocate': false }))).not.toContain('RS102:--colocate');
  });
});

describe("slime's late rules", () => {
  test.each([
    [{}, 'RS201:'],
    [{ '--rollout-batch-size': 8, '--rollout-temperature': 0 }, 'RS202:--rollout-temperature'],
    [{ '--rollout-batch-size': 8, '--save-interval': 10 }, 'RS203:--save-interval'],
    [{ '--rollout-batch-size': 8, '--eval-interval': 5 }, 'RS204:--eval-interval'],
    [{ '--rollout-batch-size': 8, '--use-dynamic-batch-size': true }, 'RS205:--use-dynamic-batch-size'],
    [
      { '--rollout-batch-size': 6, '--n-samples-per-prompt': 4, '--global-batch-size': 16 },
      'RS206:--global-batch-size',
    ],
    [
      {
        '--rollout-batch-size': 8,
        '--n-samples-per-prompt': 4,
        '--num-steps-per-rollout': 2,
        '--global-batch-size': 8,
      },
      'RS207:--global-batch-size',
    ],
    [{ '--rollout-batch-size': 8, '--over-sampling-batch-size': 4 }, 'RS208:--over-sampling-batch-size'],
    [
      { '--rollout-batch-size': 8, '--kl-coef': 0.1, '--kl-loss-coef': 0.1, '--ref-load': '/r' },
      'RS209:--kl-coef',
    ],
    [
      { '--rollout-batch-size': 8, '--advantage-estimator': 'reinforce_plus_plus' },
      'RS210:--advantage-estimator',
    ],
    [{ '--rollout-batch-size': 8, '--use-rollout-logprobs': true, '--use-tis': true }, 'RS211:--use-tis'],
    [{ '--rollout-batch-size': 8, '--use-kl-loss': true }, 'RS212:--use-kl-loss'],
    [{ '--rollout-batch-size': 'eight' }, 'RS200:--rollout-batch-size'],
  ])('%j → %s', (args, code) => {
    expect(codes(base(args as RunSpec['args']))).toContain(code);
  });

  test('train_async.py refuses --colocate', () => {
    expect(
      codes(base({ '--rollout-batch-size': 8, '--colocate': true }, { entry: 'train_async.py' })),
    ).toContain('RS213:--colocate');
  });

  test('with the tap on, a user log function is replaced (warning) and a user sample hook runs too (info)', () => {
    const spec = base(
      {
        '--rollout-batch-size': 8,
        '--custom-rollout-log-function-path': 'm.f',
        '--rollout-sample-hook-path': 'm.h',
      },
      { tap: true },
    );
    expect(lintSpec(spec).map((f) => `${f.code}:${f.severity}`)).toEqual(
      expect.arrayContaining(['RS303:warning', 'RS302:info']),
    );
  });

  test('a secret name with a plain env value is an error', () => {
    expect(
      codes(
        base({ '--rollout-batch-size': 8 }, { env: { WANDB_API_KEY: 'x' }, secretEnv: ['WANDB_API_KEY'] }),
      ),
    ).toContain('RS301:');
  });
});

describe('presets', () => {
  test.each(PRESETS.map((p) => [p.id, p] as const))(
    '%s is a valid spec with no blocking findings',
    (_id, preset) => {
      const spec = RunSpecSchema.parse(preset.spec);
      const blocking = lintSpec(spec).filter((f) => f.severity !== 'info');
      expect(blocking).toEqual([]);
      expect(spec.args['--rollout-batch-size']).toBeGreaterThan(0);
    },
  );

  test('the tau2 preset carries the cookbook values (16 × 4 samples, temperature 0.7, global batch 64)', () => {
    const tau2 = RunSpecSchema.parse(PRESETS.find((p) => p.id === 'tau2-qwen3-4b-grpo')?.spec);
    expect(tau2.args).toMatchObject({
      '--rollout-batch-size': 16,
      '--n-samples-per-prompt': 4,
      '--rollout-temperature': 0.7,
      '--global-batch-size': 64,
      '--rotary-base': 5000000,
      '--custom-reward-post-process-path': 'reward.tau2_reward_post_process',
    });
    expect(tau2.env.TAU2_USER_API_BASE).toBe('http://127.0.0.1:30001/v1');
  });
});
